import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { newUserId, tokenFor } from "./helpers.js";

// Issue 14, defect 1: one payment buys one piece of work. These requests
// got the paid work again for free before the fix.

async function userWithToken(funds: number) {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  const { secret } = await tokenFor(stub, user);
  if (funds > 0) await stub.billingCredit({ source: "test", externalId: "fund", amount: funds });
  return { user, stub, auth: { authorization: `Bearer udo_${user}_${secret}` } };
}

const runs = (user: string) => env.WORK_LOG.get(env.WORK_LOG.idFromName(user)).count();

describe("charge(): a replayed key never gets the work again", () => {
  it("answers a replayed Idempotency-Key with 409 already_charged and runs nothing", async () => {
    const { user, stub, auth } = await userWithToken(1000);
    const headers = { ...auth, "idempotency-key": "retry-1" };
    expect((await SELF.fetch("http://localhost/api/charge", { headers })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const again = await SELF.fetch("http://localhost/api/charge", { headers });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: "already_charged" });
    }
    expect(await runs(user)).toBe(1);
    expect((await stub.billingAudit()).rows.charges).toBe(1);
  });

  it("runs the work once for 10 parallel requests with one key", async () => {
    const { user, stub, auth } = await userWithToken(10_000);
    const headers = { ...auth, "idempotency-key": "burst" };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => SELF.fetch("http://localhost/api/charge?delayMs=20", { headers })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await runs(user)).toBe(1);
    expect((await stub.billingAudit()).rows.charges).toBe(1);
  });

  it("takes no key from cf-ray: two requests with one ray id are two paid requests", async () => {
    const { user, stub, auth } = await userWithToken(1000);
    const headers = { ...auth, "cf-ray": "8f3c2a1b0c0d0e0f-AMS" };
    expect((await SELF.fetch("http://localhost/api/charge", { headers })).status).toBe(200);
    expect((await SELF.fetch("http://localhost/api/charge", { headers })).status).toBe(200);
    expect(await runs(user)).toBe(2);
    expect((await stub.billingAudit()).account).toMatchObject({ spent: 200, balance: 800 });
  });
});

describe("meterRequest(): a client's key never buys a second forwarded request", () => {
  it("meters every repeat of one Idempotency-Key, and refuses them all once quota and balance are gone", async () => {
    const owner = newUserId();
    const metered = userStub(env.METERED, owner);
    // Three free requests a month, then 100 each: one paid request's worth of balance.
    await metered.billingCredit({ source: "stripe", externalId: "cs_1", amount: 100 });
    const send = (headers: Record<string, string> = {}) =>
      SELF.fetch(`http://localhost/dispatch/${owner}/hello`, { headers });
    const first = await send({ "idempotency-key": "k" });
    expect(await first.json()).toMatchObject({ forwarded: true, remainingFree: 2 });
    // Each repeat is a new forwarded request: it counts.
    expect(await (await send({ "idempotency-key": "k" })).json()).toMatchObject({ remainingFree: 1 });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200); // the paid one
    expect((await send()).status).toBe(402);
    const repeats = await Promise.all(Array.from({ length: 8 }, () => send({ "idempotency-key": "k" })));
    expect(repeats.map((r) => r.status)).toEqual(Array(8).fill(402));
    expect((await metered.billingAudit()).account).toMatchObject({ balance: 0, spent: 100 });
  });
});
