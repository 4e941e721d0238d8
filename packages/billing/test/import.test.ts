import { env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { newUserId, sessionFor } from "./helpers.js";

const DAY = 86_400_000;

describe("importing past charges", () => {
  it("books each charge on its own day, idempotent on its key", async () => {
    const user = newUserId();
    const stub = userStub(env.USERS, user);
    const { credential } = await sessionFor(stub, user);
    await stub.billingCredit({ source: "sponsorflare", externalId: "export", amount: 1000 });
    const now = Date.now();
    const history = [
      { key: "old-1", amount: 100, at: now - 3 * DAY, source: "/a" },
      { key: "old-2", amount: 200, at: now - 3 * DAY + 1, source: "/a" },
      { key: "old-3", amount: 300, at: now - DAY, source: "/b" },
    ];
    const first = await stub.billingImportCharges(history);
    expect(first.map((o) => o.charged && o.balance)).toEqual([900, 700, 400]);
    const again = await stub.billingImportCharges(history);
    expect(again.every((o) => o.charged && o.replayed)).toBe(true);

    const audit = await stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 400, spent: 600 });
    expect(audit.rows).toMatchObject({ charges: 3, dailyCharges: 3, dailySpent: 600 });
    const usage = await stub.billingUsageAs(credential, { days: 7 });
    const days = usage.authenticated ? usage.result.daily : [];
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(days.find((d) => d.day === day(now - 3 * DAY))).toMatchObject({ charges: 2, spent: 300 });
    expect(days.find((d) => d.day === day(now - DAY))).toMatchObject({ charges: 1, spent: 300 });
  });

  it("books a day's last millisecond on that day and the next one's first on the next (UTC)", async () => {
    const user = newUserId();
    const stub = userStub(env.USERS, user);
    const { credential } = await sessionFor(stub, user);
    await stub.billingCredit({ source: "sponsorflare", externalId: "export", amount: 1000 });
    const midnight = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
    await stub.billingImportCharges([
      { key: "last", amount: 10, at: midnight - 1 },
      { key: "first", amount: 20, at: midnight },
    ]);
    const usage = await stub.billingUsageAs(credential, { days: 7 });
    const spentOn = (at: number) =>
      usage.authenticated && usage.result.daily.find((d) => d.day === new Date(at).toISOString().slice(0, 10))?.spent;
    expect(spentOn(midnight - 1)).toBe(10);
    expect(spentOn(midnight)).toBe(20);
  });

  it("never overdraws, and refuses times out of order or in the future", async () => {
    const user = newUserId();
    const stub = userStub(env.USERS, user);
    await stub.billingCredit({ source: "sponsorflare", externalId: "export", amount: 150 });
    const now = Date.now();
    const outcomes = await stub.billingImportCharges([
      { key: "a", amount: 100, at: now - 2 * DAY },
      { key: "b", amount: 100, at: now - DAY },
    ]);
    expect(outcomes.map((o) => o.charged)).toEqual([true, false]);
    await expect(stub.billingImportCharges([{ key: "c", amount: 1, at: now + DAY }])).rejects.toMatchObject({
      status: 400,
      code: "bad_import",
    });
    await expect(
      stub.billingImportCharges([
        { key: "d", amount: 1, at: now - DAY },
        { key: "e", amount: 1, at: now - 2 * DAY },
      ]),
    ).rejects.toMatchObject({ status: 400 });
    await expect(stub.billingImportCharges([{ key: "f", amount: 1.5, at: now - DAY }])).rejects.toMatchObject({
      status: 400,
    });
    expect((await stub.billingAudit()).account).toMatchObject({ balance: 50, spent: 100 });
  });
});
