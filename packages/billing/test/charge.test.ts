import { env, evictDurableObject } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { newUserId, sessionFor, tokenFor } from "./helpers.js";

async function fundedUser(amount: number) {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  const { credential } = await sessionFor(stub, user);
  if (amount > 0) await stub.billingCredit({ source: "test", externalId: `fund-${user}`, amount });
  return { user, stub, credential };
}

describe("charges", () => {
  it("debit the balance and write one ledger row, in one call that verifies the caller", async () => {
    const { user, stub, credential } = await fundedUser(1000);
    const call = await stub.billingChargeAs(credential, { amount: 300, key: "k1", source: "https://api.example/x" });
    expect(call).toMatchObject({
      authenticated: true,
      user,
      via: "session",
      result: { charged: true, amount: 300, balance: 700, replayed: false },
    });
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 700, credited: 1000, spent: 300, held: 0, available: 700 });
    expect(audit.rows).toMatchObject({ credited: 1000, spent: 300, charges: 1, dailyCharges: 1, dailySpent: 300 });
  });

  it("answer a replayed key with the first result and charge nothing", async () => {
    const { stub, credential } = await fundedUser(1000);
    const first = await stub.billingChargeAs(credential, { amount: 250, key: "same", source: "/a" });
    const again = await stub.billingChargeAs(credential, { amount: 250, key: "same", source: "/a" });
    expect(again.authenticated && again.result).toMatchObject({
      charged: true,
      replayed: true,
      amount: 250,
      balance: 750,
    });
    expect(
      first.authenticated &&
        again.authenticated &&
        again.result.charged &&
        first.result.charged &&
        again.result.chargeId,
    ).toBe(first.authenticated && first.result.charged && first.result.chargeId);
    expect((await stub.billingAudit()).account.balance).toBe(750);
  });

  it("answer a replay with its first result even when the balance no longer covers it", async () => {
    const { stub, credential } = await fundedUser(300);
    await stub.billingChargeAs(credential, { amount: 300, key: "all-of-it", source: "/a" });
    const again = await stub.billingChargeAs(credential, { amount: 300, key: "all-of-it", source: "/a" });
    expect(again.authenticated && again.result).toMatchObject({ charged: true, replayed: true, balance: 0 });
    const fresh = await stub.billingChargeAs(credential, { amount: 300, key: "another", source: "/a" });
    expect(fresh.authenticated && fresh.result).toMatchObject({ charged: false, reason: "insufficient_funds" });
    expect((await stub.billingAudit()).rows).toMatchObject({ charges: 1, spent: 300 });
  });

  it("expire a due hold before checking the balance, so it never blocks a charge", async () => {
    const { stub, credential } = await fundedUser(500);
    await stub.billingHoldAs(credential, { amount: 400, key: "h", ttlMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const call = await stub.billingChargeAs(credential, { amount: 500, key: "after-hold" });
    expect(call.authenticated && call.result).toMatchObject({ charged: true, balance: 0 });
  });

  it("refuse a key reused for another amount or source with 409, changing nothing", async () => {
    const { stub, credential } = await fundedUser(1000);
    await stub.billingChargeAs(credential, { amount: 100, key: "k", source: "/a" });
    await expect(stub.billingChargeAs(credential, { amount: 101, key: "k", source: "/a" })).rejects.toMatchObject({
      status: 409,
      code: "idempotency_conflict",
    });
    await expect(stub.billingChargeAs(credential, { amount: 100, key: "k", source: "/b" })).rejects.toMatchObject({
      status: 409,
    });
    expect((await stub.billingAudit()).rows.charges).toBe(1);
  });

  it("refuse a charge the balance does not cover and write nothing", async () => {
    const { stub, credential } = await fundedUser(100);
    const call = await stub.billingChargeAs(credential, { amount: 101, key: "big" });
    expect(call.authenticated && call.result).toEqual({
      charged: false,
      reason: "insufficient_funds",
      message: expect.any(String),
      amount: 101,
      balance: 100,
      available: 100,
    });
    // The key was not burned: after a top-up the same request goes through.
    await stub.billingCredit({ source: "test", externalId: "more", amount: 1 });
    const retry = await stub.billingChargeAs(credential, { amount: 101, key: "big" });
    expect(retry.authenticated && retry.result).toMatchObject({ charged: true, balance: 0 });
  });

  it("reject bad amounts, keys and metadata with 400 before touching the ledger", async () => {
    const { stub, credential } = await fundedUser(1000);
    for (const amount of [1.5, -1, Number.NaN, 2 ** 60, "10" as unknown as number]) {
      await expect(stub.billingChargeAs(credential, { amount, key: `a${amount}` })).rejects.toMatchObject({
        status: 400,
        code: "bad_amount",
      });
    }
    for (const key of ["", "x".repeat(256), "has space", "é"]) {
      await expect(stub.billingChargeAs(credential, { amount: 1, key })).rejects.toMatchObject({
        status: 400,
        code: "bad_key",
      });
    }
    await expect(
      stub.billingChargeAs(credential, { amount: 1, key: "m", metadata: { nested: {} as unknown as string } }),
    ).rejects.toMatchObject({
      status: 400,
      code: "bad_metadata",
    });
    for (const input of [null, "100", [100]]) {
      await expect(
        stub.billingChargeAs(credential, input as unknown as { amount: number; key: string }),
      ).rejects.toMatchObject({ status: 400, code: "bad_input" });
      await expect(
        stub.billingCredit(input as unknown as { source: string; externalId: string; amount: number }),
      ).rejects.toMatchObject({ status: 400 });
    }
    expect((await stub.billingAudit()).rows.charges).toBe(0);
  });

  it("answer unauthenticated for a forged, foreign or expired credential, and charge nothing", async () => {
    const { user, stub, credential } = await fundedUser(1000);
    const forged = { ...credential, secretHash: "0".repeat(64) };
    expect(await stub.billingChargeAs(forged, { amount: 1, key: "f" })).toEqual({ authenticated: false });
    const other = await fundedUser(1000);
    // A valid credential of another user, sent to this user's object.
    expect(await stub.billingChargeAs(other.credential, { amount: 1, key: "g" })).toEqual({ authenticated: false });
    expect(user).not.toBe(other.user);
    expect((await stub.billingAudit()).rows.charges).toBe(0);
  });

  it("remember keys and totals across eviction: a replay after a restart still charges nothing", async () => {
    const { stub, credential, user } = await fundedUser(1000);
    await stub.billingChargeAs(credential, { amount: 400, key: "before-eviction" });
    await evictDurableObject(stub);
    const fresh = userStub(env.USERS, user);
    const replay = await fresh.billingChargeAs(credential, { amount: 400, key: "before-eviction" });
    expect(replay.authenticated && replay.result).toMatchObject({ charged: true, replayed: true, balance: 600 });
    expect((await fresh.billingAudit()).account).toMatchObject({ balance: 600, spent: 400 });
  });

  it("let 1,000 concurrent charges take exactly what the balance covers (500), never below zero", async () => {
    const { stub, credential } = await fundedUser(500 * 7);
    const calls = Array.from({ length: 1000 }, (_, i) => stub.billingChargeAs(credential, { amount: 7, key: `c${i}` }));
    const results = await Promise.all(calls);
    const charged = results.filter((r) => r.authenticated && r.result.charged);
    const refused = results.filter((r) => r.authenticated && !r.result.charged);
    expect(charged).toHaveLength(500);
    expect(refused).toHaveLength(500);
    const balances = charged.map((r) => (r.authenticated && r.result.charged ? r.result.balance : -1));
    expect(Math.min(...balances)).toBe(0);
    expect(new Set(balances).size).toBe(500);
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 0, spent: 3500, credited: 3500 });
    expect(audit.rows).toMatchObject({ spent: 3500, charges: 500, dailyCharges: 500, dailySpent: 3500 });
    expect(audit.account.balance).toBe(audit.rows.credited + audit.rows.adjusted - audit.rows.spent);
  });

  it("keep every rule for a charge without a credential (billingChargeAccount): replay, 409, refusal, due hold", async () => {
    const { stub, credential } = await fundedUser(500);
    expect(await stub.billingChargeAccount({ amount: 200, key: "a", source: "/x" })).toMatchObject({
      charged: true,
      balance: 300,
      replayed: false,
    });
    expect(await stub.billingChargeAccount({ amount: 200, key: "a", source: "/x" })).toMatchObject({
      charged: true,
      balance: 300,
      replayed: true,
    });
    await expect(stub.billingChargeAccount({ amount: 201, key: "a", source: "/x" })).rejects.toMatchObject({
      status: 409,
    });
    await stub.billingHoldAs(credential, { amount: 250, key: "h", ttlMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // 300 is covered only once the due hold is expired.
    expect(await stub.billingChargeAccount({ amount: 300, key: "b" })).toMatchObject({ charged: true, balance: 0 });
    expect(await stub.billingChargeAccount({ amount: 1, key: "c" })).toMatchObject({
      charged: false,
      reason: "insufficient_funds",
      balance: 0,
    });
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 0, spent: 500, held: 0 });
    expect(audit.rows).toMatchObject({ spent: 500, charges: 2, held: 0, dailyCharges: 2, dailySpent: 500 });
  });

  it("refuse a token-scoped call whose token lacks the scope (403)", async () => {
    const { user, stub } = await fundedUser(1000);
    const { credential } = await tokenFor(stub, user, { scopes: ["read"] });
    await expect(
      stub.billingChargeAs(credential, { amount: 1, key: "s" }, { scope: "paid:api" }),
    ).rejects.toMatchObject({
      status: 403,
      code: "missing_scope",
    });
    const ok = await stub.billingChargeAs(credential, { amount: 1, key: "s2" }, { scope: "read" });
    expect(ok.authenticated && ok.result.charged).toBe(true);
  });
});

describe("API-token budgets", () => {
  it("stop a token at its budget while the account still pays through other credentials", async () => {
    const { user, stub, credential: session } = await fundedUser(10_000);
    const { credential, tokenId } = await tokenFor(stub, user, { budget: 250 });
    const charge = (key: string, amount: number) => stub.billingChargeAs(credential, { amount, key });
    expect((await charge("t1", 100)).authenticated).toBe(true);
    expect(await charge("t2", 150)).toMatchObject({ tokenId, result: { charged: true } });
    expect(await charge("t3", 1)).toMatchObject({ result: { charged: false, reason: "token_budget_exceeded" } });
    expect(await stub.billingChargeAs(session, { amount: 1000, key: "s1" })).toMatchObject({
      result: { charged: true },
    });
    const usage = await stub.billingUsageAs(credential, { limit: 10 });
    expect(usage.authenticated && usage.result.charges.filter((c) => c.tokenId === tokenId)).toHaveLength(2);
  });

  it("hold concurrent charges of one token to its budget", async () => {
    const { user, stub } = await fundedUser(1_000_000);
    const { credential } = await tokenFor(stub, user, { budget: 1000 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stub.billingChargeAs(credential, { amount: 100, key: `b${i}` })),
    );
    expect(results.filter((r) => r.authenticated && r.result.charged)).toHaveLength(10);
  });
});
