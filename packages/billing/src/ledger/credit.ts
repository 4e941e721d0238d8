import { type PluginContext, parseInput } from "@userdo/core";
import { loadAccount } from "./account.js";
import { creditBySource, insertCredit } from "./queries/credit-queries.js";
import { eventSeen, insertEvent } from "./queries/event-queries.js";
import { SourceName } from "../shared/fields.js";
import { type CreditInput, CreditInputSchema } from "../shared/inputs.js";
import { assertKey } from "../shared/validate.js";

/** Money paid in by a funding source, idempotent on the source's own id ({@link CreditInputSchema}). */
export type { CreditInput } from "../shared/inputs.js";

/** What a credit did. */
export interface CreditResult {
  /** False when this external id was credited before: nothing changed. */
  readonly credited: boolean;
  readonly amount: number;
  readonly balance: number;
  readonly creditId: number;
}

/** Throws a 400 (`bad_source`) unless `source` is a short lowercase name. */
export function assertSourceName(source: unknown): asserts source is string {
  parseInput(SourceName, source, { root: "source" });
}

/** Credits the account once per (source, external id). Inside `transactionSync`. */
export function creditSync(c: PluginContext, raw: CreditInput, now: number): CreditResult {
  const input = parseInput(CreditInputSchema, raw);
  const metadata = input.metadata === null ? null : JSON.stringify(input.metadata);
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
