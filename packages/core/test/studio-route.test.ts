import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigurationError, STUDIO_MAX_BODY_BYTES, handlePluginRoutes, studioRoute } from "../src/index.js";
import { type Answer, post, send, studioUrl } from "./studio-client.js";
import { STUDIO_TEST_READONLY_TOKEN, STUDIO_TEST_TOKEN } from "./studio-constants.js";

const url = studioUrl("STUDIO_TODO", "route");
const raw = `${url}/query/raw`;
const json = { "content-type": "application/json" };
const auth = { authorization: `Bearer ${STUDIO_TEST_TOKEN}` };

function expectError(answer: Answer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.body).toEqual({ error: expect.any(String), code });
}

describe("authentication", () => {
  it("answers 401 for a missing, wrong or malformed token, with a Bearer challenge", async () => {
    for (const authorization of [
      null,
      "Bearer wrong",
      `Bearer ${STUDIO_TEST_TOKEN}x`,
      `Basic ${STUDIO_TEST_TOKEN}`,
      "Bearer",
      `Bearer ${STUDIO_TEST_TOKEN.slice(0, -1)}`,
    ]) {
      const headers: Record<string, string> = { ...json };
      if (authorization) headers.authorization = authorization;
      const answer = await send(raw, { method: "POST", headers, body: JSON.stringify({ sql: "SELECT 1" }) });
      expectError(answer, 401, "unauthorized");
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("accepts the scheme in any case, and the read-only token", async () => {
    const lower = await send(raw, {
      method: "POST",
      headers: { ...json, authorization: `bearer ${STUDIO_TEST_TOKEN}` },
      body: '{"sql":"SELECT 1"}',
    });
    expect(lower.status).toBe(200);
    expect((await post(url, { sql: "SELECT 1" }, STUDIO_TEST_READONLY_TOKEN)).status).toBe(200);
  });

  it("lets nobody in when the secret is not set", async () => {
    const answer = await post("https://app.test/unconfigured/STUDIO_TODO/route", { sql: "SELECT 1" }, "");
    expectError(answer, 401, "unauthorized");
    const withAdmin = await post(
      "https://app.test/unconfigured/STUDIO_TODO/route",
      { sql: "SELECT 1" },
      STUDIO_TEST_TOKEN,
    );
    expectError(withAdmin, 401, "unauthorized");
  });

  it("never echoes the token", async () => {
    const answer = await post(url, { sql: "SELEC 1" });
    expect(JSON.stringify(answer.body)).not.toContain(STUDIO_TEST_TOKEN);
    expect([...answer.headers].join()).not.toContain(STUDIO_TEST_TOKEN);
  });
});

describe("bad input", () => {
  it("answers 415 to anything but JSON", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
      const headers: Record<string, string> = { ...auth };
      if (type) headers["content-type"] = type;
      expectError(
        await send(raw, { method: "POST", headers, body: '{"sql":"SELECT 1"}' }),
        415,
        "unsupported_media_type",
      );
    }
    const withCharset = await send(raw, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json; charset=utf-8" },
      body: '{"sql":"SELECT 1"}',
    });
    expect(withCharset.status).toBe(200);
  });

  it("answers 400 to malformed JSON or bytes that are not UTF-8", async () => {
    expectError(
      await send(raw, { method: "POST", headers: { ...auth, ...json }, body: '{"sql": "SELECT 1"' }),
      400,
      "bad_json",
    );
    expectError(
      await send(raw, { method: "POST", headers: { ...auth, ...json }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }),
      400,
      "bad_json",
    );
    expectError(await send(raw, { method: "POST", headers: { ...auth, ...json } }), 400, "bad_json");
  });

  it("answers 400 to JSON nested too deep, wherever the nesting is", async () => {
    for (const depth of [65, 3_400, 100_000]) {
      for (const body of [
        `{"sql":"SELECT 1","params":${"[".repeat(depth)}${"]".repeat(depth)}}`,
        `${"[".repeat(depth)}${"]".repeat(depth)}`,
        `{"transaction":${'[{"a":'.repeat(depth)}1${"}]".repeat(depth)}}`,
      ]) {
        const answer = await send(raw, { method: "POST", headers: { ...auth, ...json }, body });
        expectError(answer, 400, "bad_json");
        expect(answer.body.error, `${depth}`).toMatch(/nested more than 64 levels/);
      }
    }
    // Brackets inside strings are text, not nesting; 64 levels are read (and then judged by shape).
    expect((await post(url, { sql: `SELECT '${"[{".repeat(5_000)}' AS s` })).status).toBe(200);
    const deepest = `{"sql":"SELECT ?","params":${"[".repeat(63)}${"]".repeat(63)}}`;
    expectError(await send(raw, { method: "POST", headers: { ...auth, ...json }, body: deepest }), 400, "bad_request");
  });

  it("answers 400 naming what is wrong with the shape", async () => {
    const cases: [unknown, RegExp][] = [
      [[], /JSON object/],
      ["SELECT 1", /JSON object/],
      [{}, /exactly one of "sql" or "transaction"/],
      [{ sql: "SELECT 1", transaction: [] }, /exactly one/],
      [{ sql: 1 }, /body.sql must be a non-empty string/],
      [{ sql: "  " }, /body.sql must be a non-empty string/],
      [{ sql: "SELECT ?", params: "x" }, /params must be an array/],
      [{ sql: "SELECT ?", params: [{ a: 1 }] }, /params\[0\] must be/],
      [{ sql: "SELECT ?", params: [[1, 256]] }, /array of bytes/],
      [{ sql: "SELECT ?", params: [[[1]]] }, /array of bytes/],
      [{ transaction: [] }, /non-empty array/],
      [{ transaction: {} }, /non-empty array/],
      [{ transaction: [{ sql: "SELECT 1" }, "SELECT 2"] }, /transaction\[1\] must be an object/],
      [{ transaction: [{ sql: "SELECT 1" }, { sql: "" }] }, /transaction\[1\].sql/],
    ];
    for (const [body, message] of cases) {
      const answer = await post(url, body);
      expectError(answer, 400, "bad_request");
      expect(answer.body.error).toMatch(message);
    }
  });

  it("answers 413 to a body over 1 MB, declared or streamed", async () => {
    const big = JSON.stringify({ sql: `SELECT '${"x".repeat(STUDIO_MAX_BODY_BYTES)}'` });
    expectError(await send(raw, { method: "POST", headers: { ...auth, ...json }, body: big }), 413, "body_too_large");
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded: stops by itself after 2 MB even if nobody cancels it.
        if (sent >= 2 * STUDIO_MAX_BODY_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await send(raw, {
      method: "POST",
      headers: { ...auth, ...json },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expectError(streamed, 413, "body_too_large");
    expect(sent).toBeLessThan(2 * STUDIO_MAX_BODY_BYTES);
  });

  it("answers 400 naming the platform limit: 100,000 bytes per statement, 100 parameters", async () => {
    const ofBytes = (bytes: number) => `SELECT '${"x".repeat(bytes - "SELECT ''".length)}'`;
    expect((await post(url, { sql: ofBytes(100_000) })).status).toBe(200);
    const long = await post(url, { sql: ofBytes(100_001) });
    expectError(long, 400, "sql_limit");
    expect(long.body.error).toMatch(/100,001 bytes; the platform limit is 100,000 bytes/);
    const many = await post(url, { sql: `SELECT ${Array(101).fill("?").join(",")}`, params: Array(101).fill(1) });
    expectError(many, 400, "sql_limit");
    expect(many.body.error).toMatch(/101 parameters; the platform limit is 100/);
    const inTransaction = await post(url, { transaction: [{ sql: "SELECT 1" }, { sql: ofBytes(100_001) }] });
    expectError(inTransaction, 400, "sql_limit");
  });
});

describe("routing", () => {
  it("leaves other paths to the app, and answers 404 inside its base path", async () => {
    expect((await send("https://app.test/elsewhere", { method: "POST" })).body).toBe("not a studio path");
    expect((await send("https://app.test/studiofoo/x", { method: "POST" })).body).toBe("not a studio path");
    expectError(await post(studioUrl("UNKNOWN", "route"), { sql: "SELECT 1" }), 404, "not_found");
    expectError(
      await send(`${url}/query`, { method: "POST", headers: { ...auth, ...json }, body: "{}" }),
      404,
      "not_found",
    );
    expectError(
      await send(`${url}/query/raw/more`, { method: "POST", headers: { ...auth, ...json }, body: "{}" }),
      404,
      "not_found",
    );
  });

  it("serves /sqlite by default, and only the basePath it is given", async () => {
    expect(raw).toBe("https://app.test/sqlite/STUDIO_TODO/route/query/raw");
    const old = "https://app.test/studio/STUDIO_TODO/route/query/raw";
    expect((await send(old, { method: "POST", headers: { ...auth, ...json }, body: "{}" })).body).toBe(
      "not a studio path",
    );
    const moved = studioRoute<Cloudflare.Env>({
      namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
      token: (e) => e.STUDIO_TOKEN,
      basePath: "/studio",
    });
    const init = { method: "POST", headers: { ...auth, ...json }, body: '{"sql": "SELECT 3 AS three"}' };
    const answer = await moved(new Request(old, init), env, createExecutionContext());
    expect(await answer!.json()).toMatchObject({ result: { rows: [[3]] } });
    expect(await moved(new Request(raw, init), env, createExecutionContext())).toBeNull();
  });

  it("answers 405 to other methods and 400 to a bad object name", async () => {
    const get = await send(raw, { headers: auth });
    expectError(get, 405, "method_not_allowed");
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    expectError(await post("https://app.test/sqlite/STUDIO_TODO/%E0%A4%A", { sql: "SELECT 1" }), 400, "bad_user_name");
    expectError(await post(studioUrl("STUDIO_TODO", "n".repeat(257)), { sql: "SELECT 1" }), 400, "bad_user_name");
    expectError(await post("https://app.test/sqlite/STUDIO_TODO/", { sql: "SELECT 1" }), 404, "not_found");
  });

  it("mounts with handlePluginRoutes like any plugin route", async () => {
    const routes = {
      routes: studioRoute<Cloudflare.Env>({
        namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
        token: (e) => e.STUDIO_TOKEN,
      }),
    };
    const request = new Request(raw, {
      method: "POST",
      headers: { ...auth, ...json },
      body: '{"sql": "SELECT 2 AS two"}',
    });
    const response = await handlePluginRoutes(request, env, createExecutionContext(), [routes]);
    expect(await response!.json()).toEqual({
      result: { columns: ["two"], rows: [[2]], meta: { rows_read: 0, rows_written: 0 } },
    });
    expect(
      await handlePluginRoutes(new Request("https://app.test/other"), env, createExecutionContext(), [routes]),
    ).toBeNull();
  });

  it("answers 404 no_studio for a class without userdo's plugins (a deploy mistake, never a 5xx)", async () => {
    const answer = await post(studioUrl("NO_STUDIO", "x"), { sql: "SELECT 1" });
    expectError(answer, 404, "no_studio");
    expect(await env.NO_STUDIO.get(env.NO_STUDIO.idFromName("x")).ping()).toBe("pong");
  });
});

describe("CORS", () => {
  const preflight = (origin: string) =>
    send(raw, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });

  it("answers preflights from Outerbase Studio and configured origins, never with a wildcard", async () => {
    for (const origin of ["https://studio.outerbase.com", "https://admin.example.com"]) {
      const answer = await preflight(origin);
      expect(answer.status).toBe(204);
      expect(answer.headers.get("access-control-allow-origin")).toBe(origin);
      expect(answer.headers.get("access-control-allow-methods")).toContain("POST");
      expect(answer.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
      expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
      expect(answer.headers.get("vary")).toBe("Origin");
    }
  });

  it("refuses preflights and posts from other origins", async () => {
    const answer = await preflight("https://evil.example");
    expect(answer.status).toBe(403);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const posted = await post(url, { sql: "SELECT 1" }, STUDIO_TEST_TOKEN, { origin: "https://evil.example" });
    expectError(posted, 403, "origin_not_allowed");
    expect(posted.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("labels answers to an allowed origin, errors included", async () => {
    const ok = await post(url, { sql: "SELECT 1" }, STUDIO_TEST_TOKEN, { origin: "https://studio.outerbase.com" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://studio.outerbase.com");
    const denied = await post(url, { sql: "SELECT 1" }, "wrong", { origin: "https://studio.outerbase.com" });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe("https://studio.outerbase.com");
  });
});

describe("configuration mistakes", () => {
  it("refuse a base path that would claim every URL", () => {
    for (const basePath of ["", "/", "studio"]) {
      expect(() => studioRoute<Cloudflare.Env>({ namespaces: {}, token: () => "t", basePath }), basePath).toThrow(
        /basePath/,
      );
      expect(() => studioRoute<Cloudflare.Env>({ namespaces: {}, token: () => "t", basePath })).toThrow(
        ConfigurationError,
      );
    }
  });

  it("grant nothing when authorize answers something unknown", async () => {
    const odd = studioRoute<Cloudflare.Env>({
      namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
      token: (e) => e.STUDIO_TOKEN,
      authorize: () => "admin" as never,
    });
    const request = new Request(raw, {
      method: "POST",
      headers: { authorization: "Bearer other", ...json },
      body: '{"sql": "SELECT 1"}',
    });
    expect((await odd(request, env, createExecutionContext()))!.status).toBe(401);
  });
});
