import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { memoryAttemptLimit, studioRoute } from "../src/index.js";
import { parseExport } from "./data-helpers.js";
import { STUDIO_TEST_READONLY_TOKEN, STUDIO_TEST_TOKEN } from "./studio-constants.js";

const route = studioRoute<Cloudflare.Env>({
  namespaces: {
    SOURCE: (e) => e.DATA_SOURCE,
    TARGET: (e) => e.DATA_TARGET,
    SOURCE_RO: { namespace: (e) => e.DATA_SOURCE, readOnly: true },
    NO_STUDIO: (e) => e.NO_STUDIO,
  },
  token: (e) => e.STUDIO_TOKEN,
  readOnlyToken: (e) => e.STUDIO_READONLY_TOKEN,
  attemptLimit: memoryAttemptLimit({ attempts: 1_000 }),
});

async function call(path: string, init: RequestInit & { token?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? STUDIO_TEST_TOKEN : init.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  const ctx = createExecutionContext();
  const response = await route(new Request(`https://app.test/sqlite/${path}`, { ...init, headers }), env, ctx);
  const text = await response!.text();
  await waitOnExecutionContext(ctx);
  const json = response!.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : null;
  return { status: response!.status, headers: response!.headers, text, json };
}

describe("the studio's data routes", () => {
  it("export, import, log and delete a user behind the admin token", async () => {
    const source = env.DATA_SOURCE.get(env.DATA_SOURCE.idFromName("route-alice"));
    await source.run("INSERT INTO items (id, title, raw) VALUES (1, 'milk', x'00ff10')");
    await source.stamp(3);

    const exported = await call("SOURCE/route-alice/export");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="route-alice.userdo.jsonl"');
    expect(parseExport(exported.text).rows.get("items")).toEqual([
      '{"t":"items","r":[1,"milk",null,null,{"$blob":"AP8Q"},null]}',
    ]);

    const imported = await call("TARGET/route-bob/import", {
      method: "POST",
      body: exported.text,
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(imported).toMatchObject({ status: 200, json: { source: "route-alice", alreadyImported: false } });
    const again = await call("TARGET/route-bob/import", { method: "POST", body: exported.text });
    expect(again.json).toMatchObject({ alreadyImported: true, rows: 0 });

    const log = await call("TARGET/route-bob/log?limit=5");
    expect(log.status).toBe(200);
    expect(log.json.entries.map((e: { message: string }) => e.message)).toContain("database imported");

    const refused = await call("TARGET/route-bob/delete", { method: "POST" });
    expect(refused).toMatchObject({ status: 400, json: { code: "confirm_required" } });
    const deleted = await call("TARGET/route-bob/delete?confirm=route-bob", {
      method: "POST",
      headers: { "x-userdo-actor": "ops@example.com" },
    });
    expect(deleted).toMatchObject({ status: 200, json: { name: "route-bob", replicated: false } });
    expect(deleted.json.rows).toBeGreaterThan(0);
    const target = env.DATA_TARGET.get(env.DATA_TARGET.idFromName("route-bob"));
    expect(await target.run("SELECT count(*) AS n FROM items")).toEqual([{ n: 0 }]);
  });

  it("refuses without the admin token, a read-only binding, wrong methods and mismatched imports", async () => {
    expect((await call("SOURCE/route-x/export", { token: null })).status).toBe(401);
    expect((await call("SOURCE/route-x/export", { token: "wrong" })).status).toBe(401);
    const readOnly = await call("SOURCE/route-x/export", { token: STUDIO_TEST_READONLY_TOKEN });
    expect(readOnly).toMatchObject({ status: 403, json: { code: "read_only" } });
    expect((await call("SOURCE_RO/route-x/delete?confirm=route-x", { method: "POST" })).json.code).toBe("read_only");
    expect((await call("SOURCE/route-x/log", { token: STUDIO_TEST_READONLY_TOKEN })).status).toBe(200);
    const wrongMethod = await call("SOURCE/route-x/export", { method: "POST" });
    expect(wrongMethod).toMatchObject({ status: 405, json: { code: "method_not_allowed" } });
    expect(wrongMethod.headers.get("allow")).toBe("GET, OPTIONS");
    expect((await call("SOURCE/route-x/elsewhere")).status).toBe(404);
    expect((await call("NO_STUDIO/route-x/export")).json).toMatchObject({ code: "no_studio" });

    const wider = await call("TARGET/route-wide/export");
    const mismatch = await call("SOURCE/route-narrow/import", { method: "POST", body: wider.text });
    expect(mismatch).toMatchObject({ status: 409, json: { code: "import_mismatch" } });
    expect(mismatch.json.error).toMatch(/app\/007_extra/);
    const empty = await call("SOURCE/route-narrow/import", { method: "POST" });
    expect(empty).toMatchObject({ status: 400, json: { code: "bad_export" } });
    const junk = await call("SOURCE/route-narrow/import", { method: "POST", body: "hello\n" });
    expect(junk).toMatchObject({ status: 400, json: { code: "bad_export" } });
  });
});
