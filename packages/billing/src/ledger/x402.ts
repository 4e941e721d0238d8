import { type PluginContext, UserDOError, parseInput } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { loadAccount } from "./account.js";
import { ACCOUNT_PAYER } from "./charge.js";
import { creditSync } from "./credit.js";
import { startPaidSync } from "./paid.js";
import {
  insertX402Key,
  insertX402Payment,
  markX402Settled,
  markX402Unsettled,
  x402KeyByHash,
  x402PaymentById,
  x402PaymentsPage,
} from "./queries/x402-queries.js";
import type { PaidStart, PaidStartOutcome } from "../shared/paid-types.js";
import {
  type X402Claim,
  X402ClaimSchema,
  X402KeyHashSchema,
  type X402Settled,
  X402SettledSchema,
  type X402Unsettled,
  X402UnsettledSchema,
} from "../shared/x402-inputs.js";

/** The funding source x402 payments are credited as. */
export const X402_SOURCE = "x402";

/** What claiming a payment answered: claimed, or the status of the earlier use of the same authorization. */
export type X402ClaimOutcome =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly status: "settling" | "settled" | "failed" | "unknown" };

/** What a settled payment did to the ledger. */
export interface X402SettledResult {
  readonly credited: number;
  readonly creditId: number;
  readonly balance: number;
  /** The paid work started on the credited balance (per-request payments), or null (a top-up). */
  readonly started: PaidStartOutcome | null;
  /** Why the work could not start (a key in use, a key of another request): the credit stays as balance. */
  readonly refused: { readonly status: number; readonly code: string; readonly message: string } | null;
}

/** One x402 payment as the wallet's object keeps it. */
export interface X402PaymentView {
  readonly id: string;
  readonly status: "settling" | "settled" | "failed" | "unknown";
  readonly amount: number;
  readonly network: string;
  readonly resource: string;
  readonly transaction: string | null;
  readonly reason: string | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/**
 * Claims a verified payment before it is settled: the first claim of an
 * authorization wins, every later one (concurrent or not) learns it was used.
 * The claim is never released: a payload buys one piece of work at most.
 * Inside `transactionSync`.
 */
export function claimX402Sync(c: PluginContext, raw: X402Claim, now: number): X402ClaimOutcome {
  const input = parseInput(X402ClaimSchema, raw);
  const row = c.sync.first(x402PaymentById, { id: input.payment });
  if (row) return { claimed: false, status: row.status };
  c.sync.run(insertX402Payment, {
    id: input.payment,
    amount: input.amount,
    atomic: input.atomic,
    network: input.network,
    resource: input.resource ?? "",
    at: now,
  });
  return { claimed: true };
}

/**
 * A claimed payment settled: marks it, credits its amount as funding source
 * `x402` with the transaction as reference, remembers a top-up's balance key,
 * and starts the paid work on the credited balance, all in one transaction.
 * Inside `transactionSync`.
 */
export function settledX402Sync(
  c: PluginContext,
  settings: BillingSettings,
  raw: X402Settled,
  now: number,
): X402SettledResult {
  const input = parseInput(X402SettledSchema, raw);
  const row = c.sync.first(x402PaymentById, { id: input.payment });
  if (row?.status !== "settling")
    throw new UserDOError(409, "payment_not_settling", "this x402 payment was not claimed, or is finished already");
  const credit = creditSync(
    c,
    {
      source: X402_SOURCE,
      externalId: input.transaction,
      amount: row.amount,
      metadata: { payment: row.id, network: row.network },
    },
    now,
  );
  // One transaction settles one authorization: a transaction credited before is the facilitator's error.
  if (!credit.credited)
    throw new UserDOError(502, "transaction_reused", "the facilitator answered a transaction credited before");
  c.sync.run(markX402Settled, { id: row.id, transaction: input.transaction, creditId: credit.creditId, at: now });
  if (input.keyHash !== null) c.sync.run(insertX402Key, { hash: input.keyHash, payment: row.id, at: now });
  let started: PaidStartOutcome | null = null;
  let refused: X402SettledResult["refused"] = null;
  if (input.start !== null) {
    try {
      started = startPaidSync(c, settings, input.start as PaidStart, ACCOUNT_PAYER, now);
    } catch (error) {
      // The money arrived whatever the work's key says: a refused start must not roll the credit back.
      if (!(error instanceof UserDOError) || error.status >= 500) throw error;
      refused = { status: error.status, code: error.code, message: error.message };
    }
  }
  return { credited: row.amount, creditId: credit.creditId, balance: loadAccount(c).balance, started, refused };
}

/** A claimed payment did not settle: nothing is credited, and its authorization stays used. Inside `transactionSync`. */
export function unsettledX402Sync(c: PluginContext, raw: X402Unsettled, now: number): void {
  const input = parseInput(X402UnsettledSchema, raw);
  c.sync.run(markX402Unsettled, { id: input.payment, status: input.status, reason: input.reason, at: now });
}

/**
 * Starts paid work on the wallet's balance for the holder of a balance key
 * (answered by a top-up): the key is checked in the same transaction as the
 * reservation. Null for an unknown key (the Worker answers 401). Inside `transactionSync`.
 */
export function startWithX402KeySync(
  c: PluginContext,
  settings: BillingSettings,
  keyHash: string,
  start: PaidStart,
  now: number,
): PaidStartOutcome | null {
  const hash = parseInput(X402KeyHashSchema, keyHash, { root: "keyHash" });
  if (!c.sync.first(x402KeyByHash, { hash })) return null;
  return startPaidSync(c, settings, start, ACCOUNT_PAYER, now);
}

/** The wallet's most recent x402 payments, newest first. */
export function listX402Sync(c: PluginContext, limit: number): X402PaymentView[] {
  const n = Number.isSafeInteger(limit) ? Math.min(Math.max(limit, 1), 100) : 50;
  return c.sync.all(x402PaymentsPage, { limit: n }).map((row) => ({
    id: row.id,
    status: row.status,
    amount: row.amount,
    network: row.network,
    resource: row.resource,
    transaction: row.transaction_hash,
    reason: row.reason,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  }));
}
