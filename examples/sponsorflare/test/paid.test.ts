import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { DEMO_CHARGES_TODAY, DEMO_CREDIT, demoHistory } from "../src/demo-data.js";
import { PRICE_PER_REQUEST } from "../src/pricing.js";
import { ORIGIN, devLogin, freshIp, otherUser, sameOrigin } from "./helpers.js";

async function balanceOf(cookie: string): Promise<number> {
  const response = await sameOrigin("/balance", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { balance: number }).balance;
}

/** Credits a user through the admin route, as the dev user (the admin in tests). */
async function fund(user: string, amount: number): Promise<void> {
  const { cookie } = await devLogin();
  const response = await sameOrigin("/admin/balance", {
    cookie,
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `fund-${user}-${amount}-${crypto.randomUUID()}` },
    body: JSON.stringify({ user, amount, reason: "test funds" }),
  });
  expect(response.status).toBe(200);
}

async function tokenFor(cookie: string, body: object): Promise<string> {
  const response = await sameOrigin("/oauth/token", {
    cookie,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

const paid = (headers: Record<string, string>) =>
  SELF.fetch(`${ORIGIN}/api/paid`, { headers: { "cf-connecting-ip": freshIp(), ...headers } });

describe("the dev login's demo data", () => {
  it("starts with demo credit, today's charges and past days, once however often it logs in", async () => {
    const { cookie, location } = await devLogin();
    expect(location).toBe(`${ORIGIN}/dashboard`);
    const before = await balanceOf(cookie);
    await devLogin();
    expect(await balanceOf(cookie)).toBe(before);
    const audit = await userStub(env.USERS, "1").billingAudit();
    const history = demoHistory(Date.now());
    const historyCost = history.reduce((sum, c) => sum + c.amount, 0);
    expect(audit.account.credited).toBe(DEMO_CREDIT + historyCost);
    expect(audit.account.balance).toBe(DEMO_CREDIT - DEMO_CHARGES_TODAY * PRICE_PER_REQUEST);
    // Every day on the chart is backed by real ledger rows: the running totals equal the rows' sums.
    expect(audit.rows).toMatchObject({
      charges: history.length + DEMO_CHARGES_TODAY,
      dailyCharges: history.length + DEMO_CHARGES_TODAY,
    });
    expect(audit.rows.spent).toBe(audit.account.spent);
    const usage = (await (await sameOrigin("/usage?days=30", { cookie })).json()) as { daily: unknown[] };
    expect(usage.daily.length).toBeGreaterThanOrEqual(15);
  });
});

describe("GET|POST /api/paid", () => {
  it("charges the session once per request, and a retried Idempotency-Key gets the first answer, uncharged", async () => {
    const { id, cookie } = await otherUser();
    await fund(id, 10 * PRICE_PER_REQUEST);
    const first = await sameOrigin("/api/paid", { cookie, method: "POST", headers: { "idempotency-key": "click-1" } });
    expect(first.status).toBe(200);
    const body = await first.text();
    expect(JSON.parse(body)).toEqual({
      ok: true,
      user: id,
      charged: PRICE_PER_REQUEST,
      balance: 9 * PRICE_PER_REQUEST,
      message: "This answer cost $0.01; $0.09 left.",
    });
    const retry = await sameOrigin("/api/paid", { cookie, method: "POST", headers: { "idempotency-key": "click-1" } });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(body);
    await sameOrigin("/api/paid", { cookie });
    expect(await balanceOf(cookie)).toBe(8 * PRICE_PER_REQUEST);
  });

  it("runs the paid work once for parallel requests with one key, and refuses the key for another request", async () => {
    const { id, cookie } = await otherUser();
    await fund(id, 10 * PRICE_PER_REQUEST);
    const headers = { "idempotency-key": "double-click" };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => sameOrigin("/api/paid", { cookie, method: "POST", headers })),
    );
    const fresh = answers.filter((r) => r.status === 200 && !r.headers.has("idempotent-replayed"));
    expect(fresh).toHaveLength(1);
    for (const answer of answers.filter((r) => r !== fresh[0])) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(await answer.json()).toMatchObject({ code: "idempotency_in_progress" });
      else expect(answer.headers.get("idempotent-replayed")).toBe("true");
    }
    const other = await sameOrigin("/api/paid", { cookie, method: "POST", headers, body: "something else" });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: "idempotency_conflict" });
    const audit = await userStub(env.USERS, id).billingAudit();
    expect(audit.rows.charges).toBe(1);
    expect(audit.account).toMatchObject({ balance: 9 * PRICE_PER_REQUEST, held: 0 });
  });

  it("charges an X user (x-<id>) like any other, by session and by token", async () => {
    const { id, cookie } = await otherUser("xuser", "x");
    await fund(id, 3 * PRICE_PER_REQUEST);
    const bySession = await sameOrigin("/api/paid", { cookie, method: "POST" });
    expect(await bySession.json()).toMatchObject({ ok: true, user: id, balance: 2 * PRICE_PER_REQUEST });
    const token = await tokenFor(cookie, { scopes: ["*"] });
    expect(token.startsWith(`udo_${id}_`)).toBe(true);
    const byToken = await paid({ authorization: `Bearer ${token}` });
    expect(await byToken.json()).toMatchObject({ ok: true, user: id, balance: PRICE_PER_REQUEST });
  });

  it("answers 402 with where to pay, and charges nothing", async () => {
    const { cookie } = await otherUser();
    const response = await sameOrigin("/api/paid", { cookie });
    expect(response.status).toBe(402);
    expect(response.headers.get("location")).toBe(env.PAY_URL);
    expect(await response.json()).toMatchObject({
      code: "insufficient_funds",
      amount: PRICE_PER_REQUEST,
      balance: 0,
      payUrl: env.PAY_URL,
    });
    expect(await balanceOf(cookie)).toBe(0);
  });

  it("never lets concurrent requests spend more than the balance", async () => {
    const { id, cookie } = await otherUser();
    await fund(id, 5 * PRICE_PER_REQUEST);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => sameOrigin("/api/paid", { cookie, method: "POST" })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 402)).toHaveLength(7);
    expect(await balanceOf(cookie)).toBe(0);
    const audit = await userStub(env.USERS, id).billingAudit();
    expect(audit.rows.charges).toBe(5);
    expect(audit.rows.spent).toBe(audit.account.spent);
  });

  it("refuses a cookie sent from another site, without charging", async () => {
    const { id, cookie } = await otherUser();
    await fund(id, 10 * PRICE_PER_REQUEST);
    const foreign: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of foreign) {
      const response = await paid({ cookie, ...headers });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: "cross_origin" });
    }
    expect(await balanceOf(cookie)).toBe(10 * PRICE_PER_REQUEST);
  });

  it("answers 402 without a credential (pay with x402 or log in), 401 with a forged or a malformed one", async () => {
    const { id } = await otherUser();
    await fund(id, 10 * PRICE_PER_REQUEST);
    const none = await paid({});
    expect(none.status).toBe(402);
    expect(none.headers.get("payment-required")).toBeTruthy();
    expect(await none.json()).toMatchObject({ code: "payment_required", loginUrl: "/oauth/login" });
    const forgedSecret = "f".repeat(64);
    const bad: Record<string, string>[] = [
      { cookie: `udo_session=${id}.${forgedSecret}` },
      { cookie: "udo_session=garbage" },
      { authorization: `Bearer udo_${id}_${forgedSecret}` },
    ];
    for (const headers of bad) {
      const response = await paid(headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: "unauthenticated" });
    }
    expect((await userStub(env.USERS, id).billingAudit()).account.balance).toBe(10 * PRICE_PER_REQUEST);
  });

  it("takes API tokens with the api:paid scope, within their budget", async () => {
    const { id, cookie } = await otherUser();
    await fund(id, 10 * PRICE_PER_REQUEST);
    const unscoped = await tokenFor(cookie, { name: "read only", scopes: ["usage:read"] });
    const refused = await paid({ authorization: `Bearer ${unscoped}` });
    expect(refused.status).toBe(403);
    const budgeted = await tokenFor(cookie, { name: "ci", scopes: ["api:paid"], budget: PRICE_PER_REQUEST });
    expect((await paid({ authorization: `Bearer ${budgeted}` })).status).toBe(200);
    const over = await paid({ authorization: `Bearer ${budgeted}` });
    expect(over.status).toBe(402);
    expect(await over.json()).toMatchObject({ code: "token_budget_exceeded" });
    expect(await balanceOf(cookie)).toBe(9 * PRICE_PER_REQUEST);
  });

  it("answers other methods with a JSON 405", async () => {
    const { cookie } = await otherUser();
    const response = await sameOrigin("/api/paid", { cookie, method: "DELETE" });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ code: "method_not_allowed" });
  });
});
