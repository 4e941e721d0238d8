import { type BillingDB, UNITS_PER_USD } from "@userdo/billing";
import { type Param, prepare, queryBuilder } from "@userdo/core";
import { PRICE_PER_REQUEST } from "./pricing.js";
import type { UserObject } from "./user-object.js";

/** What the dev login starts with: $5.00 of demo credit. */
export const DEMO_CREDIT = 5 * UNITS_PER_USD;
/** Paid requests made "today" by the demo, so the list of recent charges is not empty. */
export const DEMO_CHARGES_TODAY = 12;
/** Days of past usage the demo shows on the chart. */
export const DEMO_HISTORY_DAYS = 20;

/** What {@link seedDemo} wrote (or found already written). */
export interface DemoSeed {
  readonly balance: number;
  readonly historyDays: number;
}

const DAY_MS = 86_400_000;
const qb = queryBuilder<BillingDB>();

// Past days cannot be charged through the ledger (it stamps every charge with
// the object's clock), so the demo writes only the daily aggregate that the
// chart reads, and never over a real day.
const insertPastDay = prepare(qb, (db, p: Param<{ day: string; charges: number; spent: number }>) =>
  db
    .insertInto("_userdo_billing_daily")
    .values({ day: p("day"), charges: p("charges"), spent: p("spent"), credited: 0 })
    .onConflict((oc) => oc.column("day").doNothing()),
);

/** Requests on the day `daysAgo` before today: a steady weekday rhythm with quieter weekends. */
export function demoRequests(daysAgo: number, weekday: number): number {
  const base = 6 + ((daysAgo * 7 + 3) % 11) * 2;
  return weekday === 0 || weekday === 6 ? Math.ceil(base / 3) : base;
}

/**
 * Seeds the dev user's object: the demo credit (idempotent on its source id),
 * today's demo charges (idempotent on their keys) and past days of usage.
 * Running it again changes nothing.
 */
export function seedDemo(user: UserObject, now: number): DemoSeed {
  user.billingCredit({ source: "demo", externalId: "welcome", amount: DEMO_CREDIT, metadata: { note: "dev login demo credit" } });
  for (let i = 1; i <= DEMO_CHARGES_TODAY; i++) {
    user.billingChargeAccount({ amount: PRICE_PER_REQUEST, key: `demo:${i}`, source: "demo" });
  }
  user.transactionSync(() => {
    for (let daysAgo = 1; daysAgo <= DEMO_HISTORY_DAYS; daysAgo++) {
      const date = new Date(now - daysAgo * DAY_MS);
      const day = date.toISOString().slice(0, 10);
      const charges = demoRequests(daysAgo, date.getUTCDay());
      user.sync.run(insertPastDay, { day, charges, spent: charges * PRICE_PER_REQUEST });
    }
  });
  return { balance: user.billingAudit().account.balance, historyDays: DEMO_HISTORY_DAYS };
}
