import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it, vi } from "vitest";
import { billingRoutes } from "../src/auth.js";
import { aggregateBillingStats } from "../src/index.js";
import { newUserId, sessionFor, tokenFor } from "./helpers.js";

async function userWithToken(funds: number, options: { budget?: number; scopes?: string[] } = {}) {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  const { secret, tokenId } = await tokenFor(stub, user, options);
  if (funds > 0) await stub.billingCredit({ source: "test", externalId: "fund", amount: funds });
  const token = `udo_${user}_${secret}`;
  return { user, stub, token, tokenId, auth: { authorization: `Bearer ${token}` } };
}

describe("charge() in a Worker", () => {
  it("charges a paid request in one call and answers the balance", async () => {
    const { user, auth } = await userWithToken(250);
    const response = await SELF.fetch("http://localhost/api/charge", { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user, balance: 150, runs: 1 });
  });

  it("charges a request once per Idempotency-Key, and answers a replay 409 without running the work", async () => {
    const { stub, auth } = await userWithToken(1000);
    const headers = { ...auth, "idempotency-key": "retry-1" };
    await SELF.fetch("http://localhost/api/charge", { headers });
    const again = await SELF.fetch("http://localhost/api/charge", { headers });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "already_charged" });
    expect((await stub.billingAudit()).rows.charges).toBe(1);
  });

  it("charges each request without a key once", async () => {
    const { stub, auth } = await userWithToken(1000);
    await SELF.fetch("http://localhost/api/charge", { headers: auth });
    await SELF.fetch("http://localhost/api/charge", { headers: auth });
    expect((await stub.billingAudit()).account.balance).toBe(800);
  });

  it("charges a browser session from its cookie", async () => {
    const user = newUserId();
    const stub = userStub(env.USERS, user);
    const { secret } = await sessionFor(stub, user);
    await stub.billingCredit({ source: "test", externalId: "fund", amount: 100 });
    const response = await SELF.fetch("http://localhost/api/charge", {
      headers: { cookie: `other=1; udo_session=${user}.${secret}` },
    });
    expect(await response.json()).toMatchObject({ user, balance: 0 });
  });

  it("answers 402 with where to pay, and writes nothing", async () => {
    const { stub, auth } = await userWithToken(50);
    const response = await SELF.fetch("http://localhost/api/charge", { headers: auth });
    expect(response.status).toBe(402);
    expect(response.headers.get("location")).toBe("https://github.com/sponsors/example");
    expect(response.headers.get("link")).toContain('rel="payment"');
    expect(await response.json()).toEqual({
      error: expect.any(String),
      code: "insufficient_funds",
      amount: 100,
      balance: 50,
      available: 50,
      payUrl: "https://github.com/sponsors/example",
    });
    expect((await stub.billingAudit()).rows.charges).toBe(0);
  });

  it("answers 401 without, with a forged or with a malformed credential", async () => {
    const { user } = await userWithToken(1000);
    const cases: Record<string, string>[] = [
      {},
      { authorization: `Bearer udo_${user}_${"a".repeat(64)}` },
      { authorization: "Bearer nonsense" },
      { cookie: "udo_session=garbage" },
    ];
    for (const headers of cases) {
      const response = await SELF.fetch("http://localhost/api/charge", { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: "unauthenticated" });
    }
  });

  it("stops an API token at its budget with a 402", async () => {
    const { auth } = await userWithToken(10_000, { budget: 200 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await SELF.fetch("http://localhost/api/charge", { headers: auth })).status);
    expect(statuses).toEqual([200, 200, 402]);
  });
});

describe("getSponsor, the sponsorflare switch", () => {
  it("returns sponsorflare's shape: cents for clv and spent, dollars for balance, no secret", async () => {
    const { user, auth } = await userWithToken(1_000_000);
    const response = await SELF.fetch("http://localhost/api/sponsor?charge=1", { headers: auth });
    expect(await response.json()).toMatchObject({
      charged: true,
      is_authenticated: true,
      owner_id: user,
      owner_login: `user${user}`,
      access_token: null,
      is_sponsor: true,
      clv: 100,
      spent: 1,
      balance: 0.99,
    });
  });

  it("charges fractional cents exactly, rounded up to a unit", async () => {
    const { stub, auth } = await userWithToken(1_000_000);
    await SELF.fetch("http://localhost/api/sponsor?charge=0.001", { headers: auth });
    expect((await stub.billingAudit()).account.spent).toBe(10);
  });

  it("only reads when no charge is asked, and says unauthenticated without a credential", async () => {
    const { stub, auth } = await userWithToken(500);
    const read = await (await SELF.fetch("http://localhost/api/sponsor", { headers: auth })).json();
    expect(read).toMatchObject({ charged: false, is_authenticated: true, balance: 0.0005 });
    expect((await stub.billingAudit()).rows.charges).toBe(0);
    expect(await (await SELF.fetch("http://localhost/api/sponsor")).json()).toMatchObject({
      charged: false,
      is_authenticated: false,
      owner_id: null,
    });
  });

  it("refuses with 402 when the balance is short", async () => {
    const { auth } = await userWithToken(0);
    expect((await SELF.fetch("http://localhost/api/sponsor?charge=1", { headers: auth })).status).toBe(402);
  });
});

describe("GET /balance and GET /usage", () => {
  it("show the caller's balance, daily usage and paginated charges", async () => {
    const { user, auth } = await userWithToken(10_000);
    for (let i = 0; i < 5; i++) await SELF.fetch("http://localhost/api/charge", { headers: auth });
    const balance = await (await SELF.fetch("http://localhost/balance", { headers: auth })).json();
    expect(balance).toMatchObject({ user, balance: 9500, credited: 10_000, spent: 500, available: 9500 });
    const page1 = (await (await SELF.fetch("http://localhost/usage?limit=2", { headers: auth })).json()) as {
      daily: { charges: number; spent: number; credited: number }[];
      charges: { id: number; source: string }[];
      nextBefore: number;
    };
    expect(page1.daily).toEqual([
      { day: new Date().toISOString().slice(0, 10), charges: 5, spent: 500, credited: 10_000 },
    ]);
    expect(page1.charges).toHaveLength(2);
    expect(page1.charges[0]!.source).toBe("http://localhost/api/charge");
    const page3 = (await (
      await SELF.fetch(`http://localhost/usage?limit=2&before=${page1.charges[1]!.id - 2}`, { headers: auth })
    ).json()) as {
      charges: unknown[];
      nextBefore: number | null;
    };
    expect(page3).toMatchObject({ charges: [expect.anything()], nextBefore: null });
  });

  it("never show another user's usage, and reject bad parameters", async () => {
    const { auth } = await userWithToken(100);
    expect((await SELF.fetch("http://localhost/usage")).status).toBe(401);
    expect((await SELF.fetch("http://localhost/usage?limit=-1", { headers: auth })).status).toBe(400);
    expect((await SELF.fetch("http://localhost/usage?limit=9999", { headers: auth })).status).toBe(400);
    for (const [query, words] of [
      ["days=1.5", "days must be a positive integer"],
      ["limit=0", "limit must be an integer from 1 to 200"],
      ["before=x", "before must be a positive integer"],
    ]) {
      const answer = await SELF.fetch(`http://localhost/usage?${query}`, { headers: auth });
      expect(answer.status, query).toBe(400);
      expect(await answer.json(), query).toEqual({ code: "bad_input", error: words });
    }
    // A repeated parameter is read as every route reads one: its first value.
    expect((await SELF.fetch("http://localhost/usage?limit=2&limit=0", { headers: auth })).status).toBe(200);
    expect((await SELF.fetch("http://localhost/usage?limit=0&limit=2", { headers: auth })).status).toBe(400);
  });
});

describe("admin routes", () => {
  async function admin() {
    const stub = userStub(env.USERS, "1");
    const { secret } = await tokenFor(stub, "1", { scopes: ["billing:admin"] });
    return { authorization: `Bearer udo_1_${secret}`, "content-type": "application/json" };
  }

  it("adjust a balance with a reason, audit-logged with the admin's id, idempotent on the key", async () => {
    const headers = { ...(await admin()), "idempotency-key": "adj-7" };
    const { user, stub } = await userWithToken(1000);
    const body = JSON.stringify({ user, amount: -300, reason: "chargeback" });
    const response = await SELF.fetch("http://localhost/admin/balance", { method: "POST", headers, body });
    expect(await response.json()).toMatchObject({ user, amount: -300, balance: 700, replayed: false });
    expect(
      await (await SELF.fetch("http://localhost/admin/balance", { method: "POST", headers, body })).json(),
    ).toMatchObject({ replayed: true });
    expect((await stub.readLog()).find((e) => e.message === "billing: balance adjusted")?.data).toMatchObject({
      admin: "1",
      reason: "chargeback",
    });
  });

  it("refuse non-admins (403), no credential (401), a query string (400) and bad input (400)", async () => {
    const { user, auth } = await userWithToken(1000, { scopes: ["billing:admin"] });
    const body = JSON.stringify({ user, amount: 5, reason: "gift" });
    const post = (headers: Record<string, string>, path = "/admin/balance", payload = body) =>
      SELF.fetch(`http://localhost${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: payload,
      });
    expect((await post(auth)).status).toBe(403);
    expect((await post({})).status).toBe(401);
    const adminHeaders = await admin();
    expect((await post(adminHeaders, "/admin/balance?token=x")).status).toBe(400);
    expect(
      (await post(adminHeaders, "/admin/balance", JSON.stringify({ user, amount: 1.5, reason: "x" }))).status,
    ).toBe(400);
    expect((await post(adminHeaders, "/admin/balance", "{not json")).status).toBe(400);
    const noReason = await post(adminHeaders, "/admin/balance", JSON.stringify({ user, amount: 1 }));
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toEqual({
      code: "bad_input",
      error: "reason must be a non-empty string of at most 500 characters",
    });
    const badUser = await post(adminHeaders, "/admin/balance", JSON.stringify({ user: "me", amount: 1, reason: "x" }));
    expect(await badUser.json()).toMatchObject({ code: "bad_user", error: expect.stringMatching(/^user must be/) });
  });

  it("set a user's credit limit", async () => {
    const { user } = await userWithToken(0);
    const response = await SELF.fetch("http://localhost/admin/credit-limit", {
      method: "POST",
      headers: await admin(),
      body: JSON.stringify({ user, creditLimit: 5000 }),
    });
    expect(await response.json()).toMatchObject({ user, account: { creditLimit: 5000, available: 5000 } });
  });

  it("serve /admin/stats from the master: users, sponsors, credited, spent, balances and holds", async () => {
    const empty = await SELF.fetch("http://localhost/admin/stats", { headers: await admin() });
    expect(await empty.json()).toEqual({ users: 0, sponsors: 0, credited: 0, spent: 0, balance: 0, held: 0 });
    const a = userStub(env.REPLICATED, newUserId());
    const b = userStub(env.REPLICATED, newUserId());
    await a.billingCredit({ source: "test", externalId: "fund", amount: 10_000 });
    await a.billingChargeAccount({ amount: 100, key: "k1" });
    await b.billingCredit({ source: "test", externalId: "fund", amount: 5_000 });
    await b.billingSponsorship({
      deliveryId: "d-1",
      action: "created",
      sponsorshipId: "S_b",
      createdAt: Date.now(),
      tierCents: 1,
      oneTime: false,
    });
    const expected = { users: 2, sponsors: 1, credited: 25_000, spent: 100, balance: 24_900, held: 0 };
    // Replication is asynchronous (the users' alarms flush their outboxes).
    await vi.waitFor(
      async () => {
        const stats = await (await SELF.fetch("http://localhost/admin/stats", { headers: await admin() })).json();
        expect(stats).toEqual(expected);
      },
      { timeout: 20_000, interval: 25 },
    );
    // A later charge reaches the master too: its totals move by trigger, whose account update is captured.
    await b.billingChargeAccount({ amount: 200, key: "k2" });
    await vi.waitFor(
      async () => {
        const stats = await (await SELF.fetch("http://localhost/admin/stats", { headers: await admin() })).json();
        expect(stats).toEqual({ ...expected, spent: 300, balance: 24_700 });
      },
      { timeout: 20_000, interval: 25 },
    );
    const stranger = await userWithToken(0, { scopes: ["billing:admin"] });
    expect((await SELF.fetch("http://localhost/admin/stats", { headers: stranger.auth })).status).toBe(403);
  });

  it("answer /admin/stats 404 no_stats, never a 5xx, when the app gave billingRoutes no aggregate", async () => {
    const routes = billingRoutes<Cloudflare.Env>({ users: (env) => env.USERS });
    const answer = await routes(new Request("http://localhost/admin/stats", { headers: await admin() }), env);
    expect(answer?.status).toBe(404);
    expect(await answer?.json()).toEqual({
      code: "no_stats",
      error: expect.stringContaining("pass { stats: (env) => masterBillingStats(master) } to billingRoutes"),
    });
  });
});

describe("metered dispatch (Codius)", () => {
  it("counts each request before forwarding and answers limit exceeded with 402", async () => {
    const owner = newUserId();
    await userStub(env.METERED, owner).billingCredit({ source: "stripe", externalId: "cs_1", amount: 100 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await SELF.fetch(`http://localhost/dispatch/${owner}/hello`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 402]);
    const refused = await SELF.fetch(`http://localhost/dispatch/${owner}/hello`);
    expect(await refused.json()).toMatchObject({
      code: "limit_exceeded",
      error: expect.stringMatching(/request limit exceeded/),
    });
  });
});

describe("aggregateBillingStats", () => {
  it("sums replicated rows exactly and counts users with a live sponsorship", () => {
    const rows = [
      { account: { balance: 900, credited: 1000, spent: 100, held: 0 }, sponsorships: [{ status: "active" }] },
      { account: { balance: -50, credited: 0, spent: 50, held: 25 }, sponsorships: [{ status: "cancelled" }] },
      {
        account: { balance: 7, credited: 7, spent: 0, held: 0 },
        sponsorships: [{ status: "cancelled" }, { status: "pending_cancellation" }],
      },
    ];
    expect(aggregateBillingStats(rows)).toEqual({
      users: 3,
      sponsors: 2,
      credited: 1007,
      spent: 150,
      balance: 857,
      held: 25,
    });
    expect(aggregateBillingStats([])).toEqual({ users: 0, sponsors: 0, credited: 0, spent: 0, balance: 0, held: 0 });
  });
});
