import { SELF, env } from "cloudflare:test";
import { masterShards, userStub } from "@userdo/core";
import { describe, expect, it, vi } from "vitest";
import { MASTER_SHARDS } from "../src/admin/master-reads.js";
import { PRICE_PER_REQUEST } from "../src/pricing.js";
import { ORIGIN, devLogin, otherUser, sameOrigin } from "./helpers.js";

const waitLong = { timeout: 15_000, interval: 250 };

async function fundAndSpend(adminCookie: string, id: string, cookie: string) {
  const funded = await sameOrigin("/admin/balance", {
    cookie: adminCookie,
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `fund-${id}` },
    body: JSON.stringify({ user: id, amount: 3 * PRICE_PER_REQUEST, reason: "test" }),
  });
  expect(funded.status).toBe(200);
  expect((await sameOrigin("/api/paid", { cookie })).status).toBe(200);
}

describe("the admin page's data actions", () => {
  it("shows a user's latest log lines, exports their database, and deletes them everywhere", async () => {
    const admin = await devLogin();
    const { id, cookie } = await otherUser("to-delete");
    await fundAndSpend(admin.cookie, id, cookie);
    const master = masterShards(env.MASTER, MASTER_SHARDS);
    await vi.waitFor(
      async () => expect((await master.sources({ limit: 1_000 })).map((s) => s.name)).toContain(id),
      waitLong,
    );

    const page = await (await sameOrigin("/admin", { cookie: admin.cookie })).text();
    const row = page.slice(page.indexOf(`data-user="${id}"`));
    expect(row).toMatch(/latest log lines/);
    expect(row).toContain(`href="/admin/export?user=${id}"`);
    expect(row).toContain('action="/admin/delete"');

    const exported = await sameOrigin(`/admin/export?user=${id}`, { cookie: admin.cookie });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain(`sponsorflare-${id}.userdo.jsonl`);
    const lines = (await exported.text()).trimEnd().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: "userdo-export", source: id });
    expect(lines.some((l) => l.startsWith('{"t":"_userdo_billing_account"'))).toBe(true);
    expect((await sameOrigin(`/admin/export?user=${id}`, { cookie })).status).toBe(403);

    const form = (confirm: string) => new URLSearchParams({ user: id, confirm });
    const unconfirmed = await sameOrigin("/admin/delete", { cookie: admin.cookie, method: "POST", body: form("no") });
    expect(unconfirmed.status).toBe(400);
    const crossSite = await SELF.fetch(`${ORIGIN}/admin/delete`, {
      method: "POST",
      headers: { cookie: admin.cookie, origin: "https://evil.example" },
      body: form(id),
    });
    expect(crossSite.status).toBe(403);
    const deleted = await sameOrigin("/admin/delete", { cookie: admin.cookie, method: "POST", body: form(id) });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe(`/admin?deleted=${id}`);

    // Their session went with their object; the master forgets them and keeps who asked.
    expect((await sameOrigin("/balance", { cookie })).status).toBe(401);
    await vi.waitFor(async () => {
      expect((await master.sources({ limit: 1_000 })).map((s) => s.name)).not.toContain(id);
      expect(await master.count("_userdo_billing_account", { _source: id })).toBe(0);
    }, waitLong);
    const [audit] = await master.stubs[0]!.erasures();
    expect(audit).toMatchObject({ source: id, requested_by: "admin dev (1)" });
  });

  it("serves export, import and the fleet's status behind the studio token", async () => {
    const { id } = await otherUser("studio-moved");
    const auth = { authorization: `Bearer ${env.STUDIO_TOKEN}` };
    const exported = await SELF.fetch(`${ORIGIN}/sqlite/USERS/${id}/export`, { headers: auth });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    const imported = await SELF.fetch(`${ORIGIN}/sqlite/USERS/${id}-copy/import`, {
      method: "POST",
      headers: auth,
      body: text,
    });
    expect(await imported.json()).toMatchObject({ source: id, alreadyImported: false });
    expect(await userStub(env.USERS, `${id}-copy`).migrationState()).toMatchObject({ applied: expect.any(Number) });
    const fleet = await SELF.fetch(`${ORIGIN}/sqlite/_fleet/USERS`, { headers: auth });
    expect(fleet.status).toBe(200);
    expect(await fleet.json()).toMatchObject({ binding: "USERS", counts: { registered: expect.any(Number) } });
    expect((await SELF.fetch(`${ORIGIN}/sqlite/USERS/${id}/export`)).status).toBe(401);
  });
});
