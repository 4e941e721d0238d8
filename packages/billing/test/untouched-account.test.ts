import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newUserId, tokenFor } from "./helpers.js";

/** What the object holds of its account, and what waits to replicate. */
function stored(namespace: DurableObjectNamespace, user: string) {
  return runInDurableObject(namespace.get(namespace.idFromName(user)), async (_instance, state) => ({
    accounts: state.storage.sql.exec("SELECT * FROM _userdo_billing_account").toArray(),
    outbox: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_outbox").one().n,
  }));
}

const ZERO = { balance: 0, credited: 0, spent: 0, adjusted: 0, held: 0, creditLimit: 0, available: 0 };

describe("an account before money first moves", () => {
  it("is all zeros to every read, and no row: a forged credential's wake leaves nothing to replicate", async () => {
    const user = newUserId();
    const stub = env.REPLICATED.get(env.REPLICATED.idFromName(user));
    const forged = { kind: "token" as const, user, secretHash: "a".repeat(64) };
    expect(await stub.billingAccountAs(forged)).toMatchObject({ authenticated: false });
    expect(await stub.billingChargeAs(forged, { amount: 5, key: "k" })).toMatchObject({ authenticated: false });
    expect(await stub.billingSnapshot()).toEqual({
      account: { balance: 0, credited: 0, spent: 0, held: 0 },
      sponsorships: [],
    });
    expect(await stub.billingAudit()).toMatchObject({ account: ZERO });
    expect(await stored(env.REPLICATED, user)).toEqual({ accounts: [], outbox: 0 });
  });

  it("is written by the first credit, charge refusal aside, with totals equal to the rows", async () => {
    const user = newUserId();
    const stub = env.USERS.get(env.USERS.idFromName(user));
    const { credential } = await tokenFor(stub, user);
    // A refused charge writes nothing, the account row included.
    expect(await stub.billingChargeAs(credential, { amount: 5, key: "early" })).toMatchObject({
      result: { charged: false, reason: "insufficient_funds", balance: 0 },
    });
    expect((await stored(env.USERS, user)).accounts).toEqual([]);
    await stub.billingCredit({ source: "test", externalId: "first", amount: 20 });
    expect(await stub.billingChargeAs(credential, { amount: 5, key: "after" })).toMatchObject({
      result: { charged: true, balance: 15 },
    });
    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 15, credited: 20, spent: 5 });
    expect(audit.rows).toMatchObject({ credited: 20, spent: 5 });
  });

  it("is written by a charge the default credit limit covers, by a hold, and by a credit limit", async () => {
    const overdraft = newUserId();
    const o = env.OVERDRAFT.get(env.OVERDRAFT.idFromName(overdraft));
    expect(await o.billingChargeAccount({ amount: 100, key: "on-credit" })).toMatchObject({
      charged: true,
      balance: -100,
    });
    expect(await o.billingAudit()).toMatchObject({ account: { balance: -100, spent: 100, available: 200 } });

    const holder = newUserId();
    const h = env.USERS.get(env.USERS.idFromName(holder));
    const { credential } = await tokenFor(h, holder);
    await h.billingSetCreditLimit(50, "admin-1");
    expect((await stored(env.USERS, holder)).accounts).toMatchObject([{ credit_limit: 50, balance: 0 }]);
    expect(await h.billingHoldAs(credential, { amount: 30, key: "h1", ttlMs: 60_000 })).toMatchObject({
      result: { held: true },
    });
    expect(await h.billingAudit()).toMatchObject({ account: { held: 30, available: 20 } });
    await h.billingRelease("h1");
    expect(await h.billingAudit()).toMatchObject({ account: { held: 0, available: 50 } });
  });
});
