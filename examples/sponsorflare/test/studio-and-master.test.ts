import { SELF, env } from "cloudflare:test";
import { masterShards } from "@userdo/core";
import { describe, expect, it, vi } from "vitest";
import { MASTER_SHARDS } from "../src/admin/master-reads.js";
import { PRICE_PER_REQUEST } from "../src/pricing.js";
import { ORIGIN, devLogin, otherUser, sameOrigin } from "./helpers.js";

const studio = (path: string, body: object, token = env.STUDIO_TOKEN) =>
  SELF.fetch(`${ORIGIN}/sqlite/${path}/query/raw`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("studio and master", () => {
  it("opens a user's object in the studio with the token, and nothing without it", async () => {
    const { id } = await otherUser();
    expect((await studio(`USERS/${id}`, { sql: "SELECT 1" }, "wrong")).status).toBe(401);
    const answer = await studio(`USERS/${id}`, { sql: "SELECT login FROM _userdo_auth_profile" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ result: { rows: [["octocat"]] } });
  });

  it("replicates profiles and totals to the master, where the admin reads them; the master is read-only in the studio", async () => {
    const { id, cookie } = await otherUser("replicated");
    const admin = await devLogin();
    const funded = await sameOrigin("/admin/balance", {
      cookie: admin.cookie,
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `fund-${id}` },
      body: JSON.stringify({ user: id, amount: 3 * PRICE_PER_REQUEST, reason: "test" }),
    });
    expect(funded.status).toBe(200);
    expect((await sameOrigin("/api/paid", { cookie })).status).toBe(200);

    const master = masterShards(env.MASTER, MASTER_SHARDS);
    // Replication flushes a second after the last write, on the object's alarm.
    await vi.waitFor(
      async () => {
        const rows = await master.list("_userdo_billing_account", { where: { _source: id } });
        expect(rows).toMatchObject([{ balance: 2 * PRICE_PER_REQUEST, spent: PRICE_PER_REQUEST }]);
      },
      { timeout: 15_000, interval: 250 },
    );
    expect((await master.sources({ limit: 1_000 })).map((s) => s.name)).toContain(id);
    expect(await master.list("_userdo_auth_profile", { where: { _source: id } })).toMatchObject([
      { login: "replicated" },
    ]);
    // Sessions and tokens never leave the user's object.
    expect(Object.keys(await master.stubs[0]!.replicatedTables())).not.toContain("_userdo_auth_sessions");

    const stats = await sameOrigin("/admin/stats", { cookie: admin.cookie });
    expect(stats.status).toBe(200);
    expect(((await stats.json()) as { users: number }).users).toBeGreaterThanOrEqual(1);
    const page = await (await sameOrigin("/admin", { cookie: admin.cookie })).text();
    expect(page).toContain(`data-user="${id}"`);
    expect(page).toContain(`${ORIGIN}/sqlite/USERS/${id}`);

    const write = await studio("MASTER/master-0", { sql: "DELETE FROM _userdo_billing_account" });
    expect(write.status).toBe(403);
    const read = await studio("MASTER/master-0", { sql: "SELECT count(*) FROM _userdo_billing_account" });
    expect(read.status).toBe(200);
  });
});
