import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newUserId } from "./helpers.js";

// The atomic way: billing() on a plain Durable Object (no UserDO, no auth),
// charging inside its own method in the same transaction as the work.

const fresh = () => {
  const name = `acct-${newUserId()}`;
  return { name, account: env.COUNTERS.get(env.COUNTERS.idFromName(name)) };
};

describe("billingCharge() inside the object's own method", () => {
  it("charges and does the work together; a refused charge leaves the work undone", async () => {
    const { account } = fresh();
    await account.billingCredit({ source: "test", externalId: "fund", amount: 20_000 });
    expect(await account.incrementPaid(null)).toBe(1);
    expect(await account.incrementPaid(null)).toBe(2);
    await expect(account.incrementPaid(null)).rejects.toMatchObject({
      status: 402,
      code: "insufficient_funds",
      amount: 10_000,
      balance: 0,
      available: 0,
    });
    expect(await account.value()).toBe(2);
    expect(await account.billingAccount()).toMatchObject({ balance: 0, spent: 20_000 });
  });

  it("does the work of a key once: a replayed key is a 409 and rolls its work back", async () => {
    const { account } = fresh();
    await account.billingCredit({ source: "test", externalId: "fund", amount: 100_000 });
    expect(await account.incrementPaid("k")).toBe(1);
    await expect(account.incrementPaid("k")).rejects.toMatchObject({ status: 409, code: "already_charged" });
    expect(await account.value()).toBe(1);
    expect((await account.billingAudit()).rows.charges).toBe(1);
  });

  it("turns a refusal into a 402 with where to pay in the Worker (billingErrorResponse), across the RPC hop", async () => {
    const { name, account } = fresh();
    await account.billingCredit({ source: "test", externalId: "fund", amount: 10_000 });
    const ok = await SELF.fetch(`http://localhost/api/count/${name}`);
    expect(await ok.json()).toEqual({ value: 1 });
    const refused = await SELF.fetch(`http://localhost/api/count/${name}`);
    expect(refused.status).toBe(402);
    expect(refused.headers.get("location")).toBe("https://example.com/pay");
    expect(await refused.json()).toMatchObject({ code: "insufficient_funds", amount: 10_000, balance: 0 });
    const bad = await SELF.fetch(`http://localhost/api/count/${name}`, { headers: { "idempotency-key": "é" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "bad_key" });
  });

  it("refuses bad input with a 400 and writes nothing", async () => {
    const { account } = fresh();
    await account.billingCredit({ source: "test", externalId: "fund", amount: 100_000 });
    for (const input of [{ amount: 1.5 }, { amount: -1 }, {}, { amount: 1, key: "bad key" }, null]) {
      await expect(account.billingCharge(input as { amount: number })).rejects.toMatchObject({ status: 400 });
    }
    expect((await account.billingAudit()).rows.charges).toBe(0);
  });
});
