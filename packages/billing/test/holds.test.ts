import { env, runInDurableObject } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it, vi } from "vitest";
import type { UserObject } from "./worker.js";
import { newUserId, sessionFor, tokenFor } from "./helpers.js";

async function fundedUser(amount: number) {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  const { credential } = await sessionFor(stub, user);
  await stub.billingCredit({ source: "test", externalId: "fund", amount });
  return { user, stub, credential };
}

/** Moves a hold's expiry into the past, as the passing of time would. */
function backdate(stub: DurableObjectStub<UserObject>, key: string) {
  return runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE _userdo_billing_holds SET expires_at = 0 WHERE key = ?", key);
  });
}

describe("holds", () => {
  it("reserve now and settle at the real cost, returning the rest", async () => {
    const { stub, credential } = await fundedUser(1000);
    const hold = await stub.billingHoldAs(credential, { key: "h1", amount: 600 });
    expect(hold.authenticated && hold.result).toMatchObject({
      held: true,
      status: "active",
      balance: 1000,
      available: 400,
    });
    // The reservation counts against every other charge.
    const blocked = await stub.billingChargeAs(credential, { amount: 401, key: "c1" });
    expect(blocked.authenticated && blocked.result).toMatchObject({
      charged: false,
      reason: "insufficient_funds",
      available: 400,
    });
    const settled = await stub.billingSettle("h1", 250);
    expect(settled).toMatchObject({ charged: true, amount: 250, balance: 750, key: "h1", replayed: false });
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 750, held: 0, spent: 250, available: 750 });
    expect(audit.rows).toMatchObject({ held: 0, spent: 250, charges: 1, dailySpent: 250 });
  });

  it("settle idempotently: the same amount replays, another is a 409", async () => {
    const { stub, credential } = await fundedUser(1000);
    await stub.billingHoldAs(credential, { key: "h", amount: 500 });
    const first = await stub.billingSettle("h", 300);
    expect(await stub.billingSettle("h", 300)).toMatchObject({
      replayed: true,
      chargeId: first.chargeId,
      balance: 700,
    });
    await expect(stub.billingSettle("h", 301)).rejects.toMatchObject({ status: 409 });
    expect((await stub.billingAudit()).account.balance).toBe(700);
  });

  it("never settle above the amount held", async () => {
    const { stub, credential } = await fundedUser(1000);
    await stub.billingHoldAs(credential, { key: "h", amount: 100 });
    await expect(stub.billingSettle("h", 101)).rejects.toMatchObject({ status: 400, code: "settle_exceeds_hold" });
    expect((await stub.billingAudit()).account).toMatchObject({ held: 100, spent: 0 });
  });

  it("release on failure, idempotently, and refuse to settle a released hold", async () => {
    const { stub, credential } = await fundedUser(1000);
    await stub.billingHoldAs(credential, { key: "h", amount: 900 });
    expect(await stub.billingRelease("h")).toEqual({ key: "h", status: "released" });
    expect(await stub.billingRelease("h")).toEqual({ key: "h", status: "released" });
    await expect(stub.billingSettle("h", 1)).rejects.toMatchObject({ status: 409, code: "hold_released" });
    expect((await stub.billingAudit()).account).toMatchObject({ balance: 1000, held: 0, available: 1000 });
  });

  it("expire: an expired hold frees its reservation at the next ledger call and can no longer settle", async () => {
    const { stub, credential } = await fundedUser(1000);
    await stub.billingHoldAs(credential, { key: "h", amount: 1000 });
    const blocked = await stub.billingChargeAs(credential, { amount: 1, key: "c0" });
    expect(blocked.authenticated && blocked.result.charged).toBe(false);
    await backdate(stub, "h");
    const charged = await stub.billingChargeAs(credential, { amount: 1, key: "c1" });
    expect(charged.authenticated && charged.result).toMatchObject({ charged: true, balance: 999 });
    await expect(stub.billingSettle("h", 10)).rejects.toMatchObject({ status: 409, code: "hold_expired" });
    expect(await stub.billingRelease("h")).toEqual({ key: "h", status: "expired" });
    expect((await stub.billingAudit()).account).toMatchObject({ held: 0, balance: 999 });
  });

  it("expire on the scheduler: a due hold frees itself with no further call, and settling cancels its task", async () => {
    const { stub, credential } = await fundedUser(1000);
    await stub.billingHoldAs(credential, { key: "soon", amount: 400, ttlMs: 30 });
    await stub.billingHoldAs(credential, { key: "later", amount: 100, ttlMs: 3_600_000 });
    const keys = (await stub.listTasks({ task: "expireHolds" })).map((t) => t.key);
    expect(keys).toEqual(["billing:hold:soon", "billing:hold:later"]);
    // billingAudit reads without sweeping: only the alarm can have expired it.
    await vi.waitFor(async () => expect((await stub.billingAudit()).account.held).toBe(100), {
      timeout: 20_000,
      interval: 25,
    });
    await stub.billingSettle("later", 60);
    expect(await stub.listTasks({ task: "expireHolds" })).toEqual([]);
    expect((await stub.billingAudit()).account).toMatchObject({ held: 0, balance: 940 });
  });

  it("expire on demand (billingExpireHolds) and count the token's reservation back", async () => {
    const { user, stub } = await fundedUser(1000);
    const { credential, tokenId } = await tokenFor(stub, user, { budget: 100 });
    await stub.billingHoldAs(credential, { key: "t", amount: 100 });
    const over = await stub.billingHoldAs(credential, { key: "t2", amount: 1 });
    expect(over.authenticated && over.result).toMatchObject({ charged: false, reason: "token_budget_exceeded" });
    await backdate(stub, "t");
    expect(await stub.billingExpireHolds()).toBe(1);
    expect(await stub.billingExpireHolds()).toBe(0);
    const again = await stub.billingHoldAs(credential, { key: "t3", amount: 100 });
    expect(again).toMatchObject({ tokenId, result: { held: true, status: "active" } });
  });

  it("replay a hold key without reserving twice; refuse it for another amount", async () => {
    const { stub, credential } = await fundedUser(1000);
    await stub.billingHoldAs(credential, { key: "h", amount: 300 });
    const again = await stub.billingHoldAs(credential, { key: "h", amount: 300 });
    expect(again.authenticated && again.result).toMatchObject({ replayed: true, available: 700 });
    await expect(stub.billingHoldAs(credential, { key: "h", amount: 301 })).rejects.toMatchObject({ status: 409 });
  });

  it("never over-reserve under concurrency", async () => {
    const { stub, credential } = await fundedUser(1000);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => stub.billingHoldAs(credential, { key: `h${i}`, amount: 100 })),
    );
    expect(results.filter((r) => r.authenticated && "held" in r.result)).toHaveLength(10);
    expect((await stub.billingAudit()).account).toMatchObject({ held: 1000, available: 0 });
  });

  it("reject a zero hold, a bad ttl and an unknown key", async () => {
    const { stub, credential } = await fundedUser(1000);
    await expect(stub.billingHoldAs(credential, { key: "z", amount: 0 })).rejects.toMatchObject({ status: 400 });
    await expect(stub.billingHoldAs(credential, { key: "z", amount: 1, ttlMs: 0 })).rejects.toMatchObject({
      status: 400,
      code: "bad_ttl",
    });
    await expect(stub.billingHoldAs(credential, { key: "z", amount: 1, ttlMs: 10 * 86_400_000 })).rejects.toMatchObject(
      {
        status: 400,
      },
    );
    await expect(stub.billingSettle("nope", 1)).rejects.toMatchObject({ status: 404, code: "hold_not_found" });
  });
});

describe("credit limit and admin adjustments", () => {
  it("let a user with a credit limit go below zero down to it, and no further", async () => {
    const { stub, credential } = await fundedUser(100);
    await stub.billingSetCreditLimit(50, "1");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stub.billingChargeAs(credential, { amount: 10, key: `l${i}` })),
    );
    expect(results.filter((r) => r.authenticated && r.result.charged)).toHaveLength(15);
    expect((await stub.billingAudit()).account).toMatchObject({ balance: -50, creditLimit: 50, available: 0 });
    await stub.billingSetCreditLimit(null, "1");
    expect((await stub.billingAudit()).account).toMatchObject({ creditLimit: 0, available: -50 });
  });

  it("take the plugin's default credit limit unless the user has their own", async () => {
    const stub = userStub(env.OVERDRAFT, newUserId());
    await stub.billingCredit({ source: "test", externalId: "fund", amount: 100 });
    const charge = (key: string, amount: number) => stub.billingChargeAccount({ amount, key });
    expect(await charge("a", 300)).toMatchObject({ charged: true, balance: -200 });
    expect(await charge("b", 101)).toMatchObject({
      charged: false,
      reason: "insufficient_funds",
      balance: -200,
      available: 100,
    });
    expect(await charge("c", 100)).toMatchObject({ charged: true, balance: -300 });
    await stub.billingSetCreditLimit(400, "1");
    expect(await charge("d", 100)).toMatchObject({ charged: true, balance: -400 });
    expect(await charge("e", 1)).toMatchObject({ charged: false, available: 0 });
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: -400, spent: 500, credited: 100 });
    expect(audit.rows).toMatchObject({ spent: 500, charges: 3, dailyCharges: 3, dailySpent: 500 });
  });

  it("adjust with a reason, idempotently, audit-logged", async () => {
    const { stub } = await fundedUser(100);
    const first = await stub.billingAdjust({ amount: -40, reason: "refund reversed", admin: "42", key: "adj-1" });
    expect(first).toMatchObject({ amount: -40, balance: 60, replayed: false });
    expect(
      await stub.billingAdjust({ amount: -40, reason: "refund reversed", admin: "42", key: "adj-1" }),
    ).toMatchObject({ replayed: true, balance: 60 });
    await expect(stub.billingAdjust({ amount: 5, reason: "x", admin: "42", key: "adj-1" })).rejects.toMatchObject({
      status: 409,
    });
    await expect(stub.billingAdjust({ amount: 5, reason: " ", admin: "42", key: "adj-2" })).rejects.toMatchObject({
      status: 400,
    });
    await expect(stub.billingAdjust({ amount: 0, reason: "no-op", admin: "42", key: "adj-3" })).rejects.toMatchObject({
      status: 400,
    });
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 60, adjusted: -40, credited: 100 });
    expect(audit.rows.adjusted).toBe(-40);
    const log = await stub.readLog({ level: "info" });
    expect(log.find((e) => e.message === "billing: balance adjusted")?.data).toMatchObject({
      admin: "42",
      amount: -40,
      reason: "refund reversed",
    });
  });

  it("credit once per source id", async () => {
    const { stub } = await fundedUser(0);
    expect(await stub.billingCredit({ source: "stripe", externalId: "cs_1", amount: 500 })).toMatchObject({
      credited: true,
      balance: 500,
    });
    expect(await stub.billingCredit({ source: "stripe", externalId: "cs_1", amount: 500 })).toMatchObject({
      credited: false,
      balance: 500,
    });
    await expect(stub.billingCredit({ source: "Bad Source", externalId: "x", amount: 1 })).rejects.toMatchObject({
      status: 400,
    });
    expect(await stub.billingCreditStatus("stripe", "cs_1")).toEqual({ credited: true, amount: 500, balance: 500 });
  });
});
