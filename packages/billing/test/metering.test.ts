import { env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { newUserId, sessionFor } from "./helpers.js";

describe("Codius-style metering (prepaid quota with included free requests)", () => {
  it("let the included requests through free, then charge per request, then refuse with limit_exceeded", async () => {
    const stub = userStub(env.METERED, newUserId());
    await stub.billingCredit({ source: "stripe", externalId: "cs_top", amount: 250 });
    const outcomes = [];
    for (let i = 0; i < 7; i++) outcomes.push(await stub.billingMeter(`r${i}`, "https://w1.example/"));
    expect(outcomes.map((o) => (o.charged ? o.amount : o.reason))).toEqual([
      0,
      0,
      0,
      100,
      100,
      "limit_exceeded",
      "limit_exceeded",
    ]);
    expect(outcomes[2]).toMatchObject({ remainingFree: 0, balance: 250 });
    expect(outcomes[5]).toMatchObject({
      charged: false,
      message: expect.stringMatching(/request limit exceeded/),
      balance: 50,
    });
    // A key metered before is never a second free forward.
    await expect(stub.billingMeter("r0", "https://w1.example/")).rejects.toMatchObject({
      status: 409,
      code: "already_metered",
    });
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 50, spent: 200 });
    expect(audit.rows).toMatchObject({ charges: 5, dailyCharges: 5 });
  });

  it("count concurrent requests exactly", async () => {
    const stub = userStub(env.METERED, newUserId());
    await stub.billingCredit({ source: "stripe", externalId: "cs_top", amount: 1000 });
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => stub.billingMeter(`c${i}`)));
    expect(outcomes.filter((o) => o.charged && o.amount === 0)).toHaveLength(3);
    expect(outcomes.filter((o) => o.charged && o.amount === 100)).toHaveLength(10);
    expect(outcomes.filter((o) => !o.charged)).toHaveLength(17);
  });

  it("refuse metering on an object whose plugin has no plan", async () => {
    const user = newUserId();
    await expect(userStub(env.USERS, user).billingMeter("x")).rejects.toMatchObject({
      status: 500,
      code: "metering_off",
    });
  });
});

describe("billing on a plain DurableObject, priced by work done", () => {
  it("charges the rows a call read and wrote, in the call's own transaction", async () => {
    const user = newUserId();
    const notes = env.NOTES.get(env.NOTES.idFromName(user));
    const { credential } = await sessionFor(notes, user);
    await notes.billingCredit({ source: "test", externalId: "fund", amount: 100 });
    // 1 row written (10) + 1 row read (1) + base 5 = 16.
    expect(await notes.addNote("first", "n1")).toEqual({ notes: 1, charged: 16 });
    // 1 written + 2 read + 5 = 17.
    expect(await notes.addNote("second", "n2")).toEqual({ notes: 2, charged: 17 });
    const balance = await notes.billingAccountAs(credential);
    expect(balance).toMatchObject({ authenticated: true, user, result: { balance: 67, spent: 33 } });
    const usage = await notes.billingUsageAs(credential);
    expect(usage.authenticated && usage.result.charges.map((c) => c.metadata)).toEqual([
      { rowsRead: 2, rowsWritten: 1 },
      { rowsRead: 1, rowsWritten: 1 },
    ]);
  });

  it("rolls the app's write back with the charge when the balance does not cover it", async () => {
    const user = newUserId();
    const notes = env.NOTES.get(env.NOTES.idFromName(user));
    await notes.billingCredit({ source: "test", externalId: "fund", amount: 20 });
    await notes.addNote("paid", "n1");
    await expect(notes.addNote("unpaid", "n2")).rejects.toMatchObject({ status: 402, code: "insufficient_funds" });
    expect(await notes.count()).toBe(1);
    expect((await notes.billingAudit()).rows.charges).toBe(1);
  });
});
