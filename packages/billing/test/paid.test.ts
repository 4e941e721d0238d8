import { SELF, env, runInDurableObject } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { newUserId, tokenFor } from "./helpers.js";

async function userWithToken(funds: number, scopes = ["api:paid"]) {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  const { secret } = await tokenFor(stub, user, { scopes });
  if (funds > 0) await stub.billingCredit({ source: "test", externalId: "fund", amount: funds });
  return { user, stub, auth: { authorization: `Bearer udo_${user}_${secret}` } };
}

const runs = (user: string) => env.WORK_LOG.get(env.WORK_LOG.idFromName(user)).count();
const call = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
  SELF.fetch(`http://localhost${path}`, { ...init, headers });

describe("paid() with a session or token: one payment buys one piece of work", () => {
  it("charges the work once; a replayed key answers the kept answer, marked, and runs nothing", async () => {
    const { user, stub, auth } = await userWithToken(1000);
    const headers = { ...auth, "idempotency-key": "job-1" };
    const first = await call("/api/paid", headers);
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const body = await first.text();
    expect(JSON.parse(body)).toMatchObject({ user, balance: 900, runs: 1 });
    for (let i = 0; i < 3; i++) {
      const again = await call("/api/paid", headers);
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("content-type")).toBe("application/json");
      expect(await again.text()).toBe(body);
    }
    expect(await runs(user)).toBe(1);
    expect((await stub.billingAudit()).account).toMatchObject({ balance: 900, spent: 100, held: 0 });
  });

  it("runs the work once for 12 parallel requests with one key: one answer, replays or 409 in progress", async () => {
    const { user, stub, auth } = await userWithToken(10_000);
    const headers = { ...auth, "idempotency-key": "burst" };
    const answers = await Promise.all(Array.from({ length: 12 }, () => call("/api/paid?delayMs=30", headers)));
    const fresh = answers.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === null);
    const replays = answers.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === "true");
    const busy = answers.filter((r) => r.status === 409);
    expect(fresh).toHaveLength(1);
    expect(replays.length + busy.length).toBe(11);
    for (const answer of busy) expect(await answer.json()).toMatchObject({ code: "idempotency_in_progress" });
    expect(await runs(user)).toBe(1);
    expect((await stub.billingAudit()).rows).toMatchObject({ charges: 1, spent: 100, held: 0 });
  });

  it("refuses one key for another request (method, path or body) with 409, running nothing", async () => {
    const { user, stub, auth } = await userWithToken(1000);
    const headers = { ...auth, "idempotency-key": "one-request" };
    expect((await call("/api/paid", headers, { method: "POST", body: "a" })).status).toBe(200);
    const others = [
      call("/api/paid", headers, { method: "POST", body: "b" }),
      call("/api/paid", headers),
      call("/api/paid?x=1", headers, { method: "POST", body: "a" }),
    ];
    for (const answer of await Promise.all(others)) {
      expect(answer.status).toBe(409);
      expect(await answer.json()).toMatchObject({ code: "idempotency_conflict" });
    }
    expect((await call("/api/paid", headers, { method: "POST", body: "a" })).headers.get("idempotent-replayed")).toBe(
      "true",
    );
    expect(await runs(user)).toBe(1);
    expect((await stub.billingAudit()).rows.charges).toBe(1);
  });

  it("binds the key to the body an app read first and handed over; refuses a read body it was not given", async () => {
    const { user, auth } = await userWithToken(1000);
    const headers = { ...auth, "idempotency-key": "read-first" };
    const post = (query: string, body: string) => call(`/api/paid?read=${query}`, headers, { method: "POST", body });
    expect((await post("pass", "a")).status).toBe(200);
    expect((await post("pass", "a")).headers.get("idempotent-replayed")).toBe("true");
    expect(await (await post("pass", "b")).json()).toMatchObject({ code: "idempotency_conflict" });
    const forgot = await call(
      "/api/paid?read=forget",
      { ...auth, "idempotency-key": "forgot" },
      { method: "POST", body: "a" },
    );
    expect(forgot.status).toBe(500);
    expect(await forgot.json()).toMatchObject({ code: "body_already_read" });
    expect(await runs(user)).toBe(1);
  });

  it("charges each request without a key once, and replays none", async () => {
    const { user, stub, auth } = await userWithToken(1000);
    for (let i = 0; i < 3; i++) expect((await call("/api/paid", auth)).status).toBe(200);
    expect(await runs(user)).toBe(3);
    expect((await stub.billingAudit()).account).toMatchObject({ spent: 300, held: 0 });
  });

  it("charges nothing when the work throws or answers an error, and lets the key be retried", async () => {
    const { user, stub, auth } = await userWithToken(1000);
    const headers = { ...auth, "idempotency-key": "flaky" };
    expect((await call("/api/paid?status=503", headers)).status).toBe(503);
    expect((await call("/api/paid?status=503", headers)).status).toBe(503);
    expect((await call("/api/paid?status=422", headers)).status).toBe(422);
    const thrown = await call("/api/paid?throw=1", headers);
    expect(thrown.status).toBe(500);
    expect((await stub.billingAudit()).account).toMatchObject({ spent: 0, held: 0, balance: 1000 });
    // The key is free: its first successful request is charged, and kept.
    expect((await call("/api/paid", headers)).status).toBe(200);
    expect((await call("/api/paid", headers)).headers.get("idempotent-replayed")).toBe("true");
    expect(await runs(user)).toBe(5);
    expect((await stub.billingAudit()).account).toMatchObject({ spent: 100, held: 0 });
  });

  it("answers 402 with where to pay, 401 without a credential, 403 for a token without the scope; runs nothing", async () => {
    const poor = await userWithToken(50);
    const refused = await call("/api/paid", { ...poor.auth, "idempotency-key": "k" });
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ code: "insufficient_funds", amount: 100, balance: 50 });
    expect((await call("/api/paid", {})).status).toBe(401);
    const unscoped = await userWithToken(1000, ["usage:read"]);
    expect((await call("/api/paid", unscoped.auth)).status).toBe(403);
    expect(await runs(poor.user)).toBe(0);
    expect(await runs(unscoped.user)).toBe(0);
    expect((await poor.stub.billingAudit()).account).toMatchObject({ held: 0, spent: 0 });
  });

  it("keeps answers up to maxAnswerBytes; a larger one replays as 409 already_done, never as new work", async () => {
    const { user, auth } = await userWithToken(1000);
    const small = await call("/api/paid?bytes=1024", { ...auth, "idempotency-key": "small" });
    expect(await small.text()).toHaveLength(1024);
    const replay = await call("/api/paid?bytes=1024", { ...auth, "idempotency-key": "small" });
    expect(await replay.text()).toHaveLength(1024);
    const big = await call("/api/paid?bytes=5000", { ...auth, "idempotency-key": "big" });
    expect(await big.text()).toHaveLength(5000);
    const done = await call("/api/paid?bytes=5000", { ...auth, "idempotency-key": "big" });
    expect(done.status).toBe(409);
    expect(done.headers.get("idempotent-replayed")).toBe("true");
    expect(await done.json()).toMatchObject({ code: "already_done" });
    expect(await runs(user)).toBe(2);
  });
});

describe("paid() for an app that knows its user (no @userdo/auth)", () => {
  it("charges the named user's billing object once per key, replays, and refuses without funds", async () => {
    const user = `acct-${newUserId()}`;
    const account = env.COUNTERS.get(env.COUNTERS.idFromName(user));
    expect((await call(`/api/known/${user}`, { "idempotency-key": "k" })).status).toBe(402);
    await account.billingCredit({ source: "test", externalId: "fund", amount: 250 });
    const first = await call(`/api/known/${user}`, { "idempotency-key": "k" });
    expect(await first.json()).toMatchObject({ user, balance: 150, runs: 1 });
    expect((await call(`/api/known/${user}`, { "idempotency-key": "k" })).headers.get("idempotent-replayed")).toBe(
      "true",
    );
    expect((await call(`/api/known/${user}`, {})).status).toBe(200);
    expect((await call(`/api/known/${user}`, {})).status).toBe(402);
    expect(await account.billingAccount()).toMatchObject({ balance: 50, spent: 200, held: 0 });
    expect(await runs(user)).toBe(2);
  });

  it("answers a bad or busy key itself, as a JSON 4xx (the route has no catch)", async () => {
    const user = `acct-${newUserId()}`;
    await env.COUNTERS.get(env.COUNTERS.idFromName(user)).billingCredit({
      source: "test",
      externalId: "fund",
      amount: 10_000,
    });
    for (const key of ["é", "has space", "x".repeat(256)]) {
      const bad = await call(`/api/known/${user}`, { "idempotency-key": key });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: "bad_key" });
    }
    await call(`/api/known/${user}`, { "idempotency-key": "k" });
    const conflict = await call(`/api/known/${user}`, { "idempotency-key": "k" }, { method: "POST", body: "x" });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ code: "idempotency_conflict" });
    expect(await runs(user)).toBe(1);
  });
});

describe("the paid-work steps in the object", () => {
  const fingerprint = "a".repeat(64);
  const ok = { status: 200, contentType: null, location: null, size: 0, body: null };

  it("frees a key whose Worker never finished once its reservation lapses, and charges a late finish once", async () => {
    const account = env.COUNTERS.get(env.COUNTERS.idFromName(`acct-${newUserId()}`));
    await account.billingCredit({ source: "test", externalId: "fund", amount: 1000 });
    const first = await account.billingStartPaid({ key: "k", fingerprint, amount: 100, leaseMs: 60_000 });
    expect(first).toMatchObject({ state: "started", balance: 900, available: 900 });
    await expect(account.billingStartPaid({ key: "k", fingerprint, amount: 100 })).rejects.toMatchObject({
      status: 409,
      code: "idempotency_in_progress",
    });
    // The lease passes (as time would move it).
    await runInDurableObject(account, (_instance, state) => {
      state.storage.sql.exec("UPDATE _userdo_billing_holds SET expires_at = 0");
    });
    const second = await account.billingStartPaid({ key: "k", fingerprint: "b".repeat(64), amount: 100 });
    expect(second).toMatchObject({ state: "started" });
    // The first Worker finishes late: its work ran, so it is charged once, but the key belongs to the second.
    if (first.state !== "started" || second.state !== "started") throw new Error("not started");
    expect(await account.billingFinishPaid(first.attempt, ok)).toMatchObject({ charged: 100, kept: false });
    expect(await account.billingFinishPaid(first.attempt, ok)).toMatchObject({ charged: 100 });
    await expect(account.billingFailPaid(first.attempt)).rejects.toMatchObject({ status: 409 });
    expect(await account.billingFinishPaid(second.attempt, ok)).toMatchObject({ charged: 100, kept: true });
    expect(await account.billingAudit()).toMatchObject({
      account: { balance: 800, spent: 200, held: 0 },
      rows: { charges: 2 },
    });
  });

  it("refuses bad input with 400: no fingerprint with a key, a zero price, a bad answer", async () => {
    const account = env.COUNTERS.get(env.COUNTERS.idFromName(`acct-${newUserId()}`));
    await account.billingCredit({ source: "test", externalId: "fund", amount: 1000 });
    for (const input of [
      { key: "k", fingerprint: null, amount: 1 },
      { key: null, fingerprint: null, amount: 0 },
      { key: "bad key", fingerprint, amount: 1 },
      { key: null, fingerprint: null, amount: 1.5 },
    ]) {
      await expect(account.billingStartPaid(input)).rejects.toMatchObject({ status: 400 });
    }
    const started = await account.billingStartPaid({ key: null, fingerprint: null, amount: 1 });
    if (started.state !== "started") throw new Error("not started");
    for (const answer of [
      { ...ok, status: 500 },
      { ...ok, size: 3, body: new ArrayBuffer(2) },
      { ...ok, contentType: "x".repeat(300) },
    ]) {
      await expect(account.billingFinishPaid(started.attempt, answer)).rejects.toMatchObject({ status: 400 });
    }
    expect(await account.billingAudit()).toMatchObject({ account: { held: 1, spent: 0 } });
  });

  it("forgets answers after the replay window: a later replay is new work, charged again", async () => {
    const account = env.COUNTERS.get(env.COUNTERS.idFromName(`acct-${newUserId()}`));
    await account.billingCredit({ source: "test", externalId: "fund", amount: 1000 });
    const started = await account.billingStartPaid({ key: "old", fingerprint, amount: 100 });
    if (started.state !== "started") throw new Error("not started");
    await account.billingFinishPaid(started.attempt, ok);
    expect(await account.billingStartPaid({ key: "old", fingerprint, amount: 100 })).toMatchObject({
      state: "replayed",
    });
    await runInDurableObject(account, (_instance, state) => {
      state.storage.sql.exec("UPDATE _userdo_billing_paid SET finished_at = finished_at - 25 * 3600 * 1000");
    });
    expect(await account.billingStartPaid({ key: "another", fingerprint, amount: 100 })).toMatchObject({
      state: "started",
    });
    expect(await account.billingStartPaid({ key: "old", fingerprint, amount: 100 })).toMatchObject({
      state: "started",
    });
  });
});
