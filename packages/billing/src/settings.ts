import { UserDOError } from "@userdo/core";
import type { ReconcileOptions } from "./funding/github-reconcile.js";
import { assertAmount } from "./shared/money.js";

/** Codius-style metering: included free requests per period, then a price per request. */
export interface MeteringPlan {
  /** Free requests in each period. */
  readonly includedRequests: number;
  /** A UTC day or a UTC calendar month. */
  readonly period: "day" | "month";
  /** Micro-dollars per request beyond the included ones. */
  readonly pricePerRequest: number;
}

/** Prices for metering by work done (micro-dollars per row). */
export interface WorkPrices {
  readonly rowRead: number;
  readonly rowWritten: number;
  /** A fixed price per request on top of the rows (default 0). */
  readonly base?: number;
}

/**
 * The options of the billing plugin (inside the object). Every amount is in
 * micro-dollars ($1 = 1,000,000; write them with usd() and cents()).
 *
 * @example
 * ```ts
 * billing({ creditLimit: 0, metering: { includedRequests: 1000, period: "month", pricePerRequest: 100 } })
 * ```
 */
export interface BillingOptions<Env = any> {
  /** How far below zero a balance may go, for every user without their own limit. Default 0: no overdraft. */
  readonly creditLimit?: number;
  /** How long a hold lasts when the caller does not say (default 15 minutes). */
  readonly holdTtlMs?: number;
  /** The longest hold accepted (default 24 hours). */
  readonly maxHoldTtlMs?: number;
  /**
   * How long the answer of paid work done under an idempotency key is kept for
   * replays, after the work finished (default 24 hours, as Stripe keeps keys).
   * A key replayed later is new work, charged again.
   */
  readonly replayWindowMs?: number;
  /** Turns on `meter` (prepaid request quota). */
  readonly metering?: MeteringPlan;
  /** Turns on `chargeWork` (pricing by rows read and written). */
  readonly workPrices?: WorkPrices;
  /**
   * Turns on the `reconcileSponsors` task: `billingScheduleReconciliation()`
   * schedules it (daily by default) on the object's scheduler, where a failed
   * run is retried with backoff and then dead-lettered.
   */
  readonly reconcile?: ReconcileOptions<Env>;
}

/** The options with defaults filled in, validated and frozen. */
export interface BillingSettings {
  readonly creditLimit: number;
  readonly holdTtlMs: number;
  readonly maxHoldTtlMs: number;
  readonly replayWindowMs: number;
  readonly metering: MeteringPlan | null;
  readonly workPrices: Required<WorkPrices> | null;
  readonly reconcile: ReconcileOptions<any> | null;
}

const MINUTE = 60_000;

/** Validates the plugin's options once, when the class is defined. */
export function resolveSettings<Env>(options: BillingOptions<Env> = {}): BillingSettings {
  const creditLimit = options.creditLimit ?? 0;
  assertAmount(creditLimit, "creditLimit");
  const holdTtlMs = options.holdTtlMs ?? 15 * MINUTE;
  const maxHoldTtlMs = options.maxHoldTtlMs ?? 24 * 60 * MINUTE;
  if (
    !Number.isSafeInteger(holdTtlMs) ||
    !Number.isSafeInteger(maxHoldTtlMs) ||
    holdTtlMs <= 0 ||
    holdTtlMs > maxHoldTtlMs
  ) {
    throw new UserDOError(
      500,
      "bad_billing_options",
      "holdTtlMs and maxHoldTtlMs must be positive integers, holdTtlMs <= maxHoldTtlMs",
    );
  }
  const replayWindowMs = options.replayWindowMs ?? 24 * 60 * MINUTE;
  if (!Number.isSafeInteger(replayWindowMs) || replayWindowMs <= 0) {
    throw new UserDOError(500, "bad_billing_options", "replayWindowMs must be a positive integer of milliseconds");
  }
  let metering: MeteringPlan | null = null;
  if (options.metering) {
    const { includedRequests, period, pricePerRequest } = options.metering;
    assertAmount(includedRequests, "metering.includedRequests");
    assertAmount(pricePerRequest, "metering.pricePerRequest");
    if (period !== "day" && period !== "month")
      throw new UserDOError(500, "bad_billing_options", 'metering.period must be "day" or "month"');
    metering = Object.freeze({ includedRequests, period, pricePerRequest });
  }
  let workPrices: Required<WorkPrices> | null = null;
  if (options.workPrices) {
    const { rowRead, rowWritten, base = 0 } = options.workPrices;
    assertAmount(rowRead, "workPrices.rowRead");
    assertAmount(rowWritten, "workPrices.rowWritten");
    assertAmount(base, "workPrices.base");
    workPrices = Object.freeze({ rowRead, rowWritten, base });
  }
  const reconcile = options.reconcile ? Object.freeze({ ...options.reconcile }) : null;
  return Object.freeze({ creditLimit, holdTtlMs, maxHoldTtlMs, replayWindowMs, metering, workPrices, reconcile });
}
