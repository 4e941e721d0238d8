import { UserDOError, type PluginContext } from "@userdo/core";
import { MAX_AMOUNT } from "../shared/money.js";
import type { BillingSettings, MeteringPlan, WorkPrices } from "../settings.js";
import { expireDueHolds } from "./account.js";
import { debit, refusalFor } from "./charge.js";
import { chargeByKey } from "./queries/charge-queries.js";
import { addMeter, meterPeriod } from "./queries/meter-queries.js";
import type { MeterOutcome, Payer } from "../shared/ledger-types.js";
import { assertKey, checkSource } from "../shared/validate.js";

/** Rows a request read and wrote, as SQLite's cursors count them. */
export interface Work {
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

function periodOf(plan: MeteringPlan, now: number): string {
  const iso = new Date(now).toISOString();
  return plan.period === "day" ? iso.slice(0, 10) : iso.slice(0, 7);
}

/**
 * Counts one request before it is forwarded (Codius-style prepaid quota): free
 * while the period's included requests last, then `pricePerRequest` from the
 * balance, else refused as `limit_exceeded`. Inside `transactionSync`.
 *
 * `key` is null for a request counted on its own (each forwarded request
 * counts). A key is the trusted caller's own (a queue message id): metering it
 * twice is a 409 `already_metered`, never a second free forward.
 */
export function meterSync(
  c: PluginContext,
  settings: BillingSettings,
  key: string | null,
  source: string | null,
  payer: Payer,
  now: number,
): MeterOutcome {
  const plan = settings.metering;
  if (!plan) throw new UserDOError(500, "metering_off", "metering is not configured: billing({ metering: ... })");
  if (key !== null) {
    assertKey(key);
    if (c.sync.first(chargeByKey, { key })) {
      throw new UserDOError(
        409,
        "already_metered",
        "this request key was metered and forwarded once already; a new request needs a new key",
      );
    }
  }
  const checkedSource = checkSource(source);
  const period = periodOf(plan, now);
  const used = c.sync.first(meterPeriod, { period })?.free_used ?? 0;
  const remaining = Math.max(0, plan.includedRequests - used);
  expireDueHolds(c, now);
  const free = remaining > 0;
  const amount = free ? 0 : plan.pricePerRequest;
  if (!free) {
    const refusal = refusalFor(c, settings, amount, payer);
    if (refusal) {
      const message = `request limit exceeded: the ${plan.includedRequests} included requests of this ${plan.period} are used and the balance does not cover more`;
      return { ...refusal, reason: "limit_exceeded", message };
    }
  }
  const receipt = debit(
    c,
    { key, amount, source: checkedSource, metadata: null, tokenId: payer.tokenId, holdId: null },
    now,
  );
  c.sync.run(addMeter, { period, requests: 1, free: free ? 1 : 0 });
  return { ...receipt, period, remainingFree: free ? remaining - 1 : 0 };
}

/**
 * The price of the work a request caused: `base + rowsRead * rowRead +
 * rowsWritten * rowWritten`, exact integer micro-dollars.
 *
 * @example
 * ```ts
 * workCost({ rowRead: 1, rowWritten: 10 }, { rowsRead: 120, rowsWritten: 3 }); // 150
 * ```
 */
export function workCost(prices: WorkPrices, work: Work): number {
  for (const [field, value] of [
    ["rowsRead", work.rowsRead],
    ["rowsWritten", work.rowsWritten],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new UserDOError(400, "bad_input", `${field} must be a non-negative integer`);
  }
  const cost = (prices.base ?? 0) + work.rowsRead * prices.rowRead + work.rowsWritten * prices.rowWritten;
  if (!Number.isSafeInteger(cost) || cost > MAX_AMOUNT)
    throw new UserDOError(400, "bad_amount", "the work's cost is out of range");
  return cost;
}
