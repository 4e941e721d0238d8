import { type ImportedCharge, UNITS_PER_USD } from "@userdo/billing";
import { PRICE_PER_REQUEST } from "./pricing.js";
import type { UserObject } from "./user-object.js";

/** What the dev login has left after the demo history: $5.00 of demo credit. */
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

/** Requests on the day `daysAgo` before today: a steady weekday rhythm with quieter weekends. */
export function demoRequests(daysAgo: number, weekday: number): number {
  const base = 6 + ((daysAgo * 7 + 3) % 11) * 2;
  return weekday === 0 || weekday === 6 ? Math.ceil(base / 3) : base;
}

/** The demo's past paid requests: each one a real ledger charge at its own time, spread over each past day. */
export function demoHistory(now: number): ImportedCharge[] {
  const charges: ImportedCharge[] = [];
  for (let daysAgo = DEMO_HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    const dayStart = Math.floor((now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
    const count = demoRequests(daysAgo, new Date(dayStart).getUTCDay());
    for (let i = 0; i < count; i++) {
      const at = dayStart + Math.floor(((i + 0.5) * DAY_MS) / count);
      charges.push({
        key: `demo:${new Date(dayStart).toISOString().slice(0, 10)}:${i}`,
        amount: PRICE_PER_REQUEST,
        at,
        source: "/api/paid",
      });
    }
  }
  return charges;
}

/**
 * Seeds the dev user's object: demo credit (idempotent on its source id), past
 * days of paid requests imported as real charges at their own times, and
 * today's demo charges (both idempotent on their keys). Running it again
 * changes nothing.
 */
export function seedDemo(user: UserObject, now: number): DemoSeed {
  const history = demoHistory(now);
  const historyCost = history.reduce((sum, charge) => sum + charge.amount, 0);
  user.billingCredit({
    source: "demo",
    externalId: "welcome",
    amount: DEMO_CREDIT + historyCost,
    metadata: { note: "dev login demo credit" },
  });
  user.billingImportCharges(history);
  for (let i = 1; i <= DEMO_CHARGES_TODAY; i++) {
    user.billingChargeAccount({ amount: PRICE_PER_REQUEST, key: `demo:${i}`, source: "demo" });
  }
  return { balance: user.billingAudit().account.balance, historyDays: DEMO_HISTORY_DAYS };
}
