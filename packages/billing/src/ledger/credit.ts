import { UserDOError, type PluginContext } from "@userdo/core";
import { assertAmount } from "../shared/money.js";
import { loadAccount } from "./account.js";
import { creditBySource, insertCredit } from "./queries/credit-queries.js";
import { eventSeen, insertEvent } from "./queries/event-queries.js";
import { type Metadata, assertInput, assertKey, encodeMetadata } from "../shared/validate.js";

const SOURCE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** Money paid in by a funding source, idempotent on the source's own id. */
export interface CreditInput {
  /** The funding source: "github", "stripe", or your own (lowercase, up to 32 characters). */
  readonly source: string;
  /** The source's own id for this payment (a Stripe Checkout session, a sponsorship cycle). */
  readonly externalId: string;
  /** Micro-dollars paid in. */
  readonly amount: number;
  readonly metadata?: Metadata | null;
}

/** What a credit did. */
export interface CreditResult {
  /** False when this external id was credited before: nothing changed. */
  readonly credited: boolean;
  readonly amount: number;
  readonly balance: number;
  readonly creditId: number;
}

/** Throws a 400 unless `source` is a short lowercase name. */
export function assertSourceName(source: unknown): asserts source is string {
  if (typeof source !== "string" || !SOURCE_PATTERN.test(source)) {
    throw new UserDOError(400, "bad_source", "a funding source is a lowercase name of 1 to 32 characters");
  }
}

/** Credits the account once per (source, external id). Inside `transactionSync`. */
export function creditSync(c: PluginContext, input: CreditInput, now: number): CreditResult {
  assertInput(input, "the credit");
  assertSourceName(input.source);
  assertKey(input.externalId, "externalId");
  assertAmount(input.amount, "amount");
  const metadata = encodeMetadata(input.metadata);
  const first = c.sync.first(creditBySource, { source: input.source, externalId: input.externalId });
  if (first) return { credited: false, amount: first.amount, balance: loadAccount(c).balance, creditId: first.id };
  // Its trigger moves the totals and the day's credited amount.
  const { id } = c.sync.first(insertCredit, {
    source: input.source,
    externalId: input.externalId,
    amount: input.amount,
    at: now,
    metadata,
  })!;
  return { credited: true, amount: input.amount, balance: loadAccount(c).balance, creditId: id };
}

/**
 * Records a delivery or event id of a funding source; false when it was
 * recorded before, so a redelivered webhook does nothing. Inside the same
 * transaction as what the event does.
 */
export function recordEventSync(c: PluginContext, source: string, eventId: string, kind: string, now: number): boolean {
  assertSourceName(source);
  assertKey(eventId, "event id");
  if (c.sync.first(eventSeen, { source, eventId })) return false;
  c.sync.run(insertEvent, { source, eventId, kind: kind.slice(0, 64), at: now });
  return true;
}
