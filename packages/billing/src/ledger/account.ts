import type { PluginContext } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { addTokenSpend, closeHold, dueHolds, moveAccount, readAccount } from "./queries.js";
import type { BillingDB } from "./schema.js";
import type { AccountView } from "./types.js";

type AccountRow = BillingDB["_userdo_billing_account"];

/** The deltas one ledger write applies to the running totals. */
export interface AccountMove {
  readonly balance?: number;
  readonly credited?: number;
  readonly spent?: number;
  readonly adjusted?: number;
  readonly held?: number;
}

/** The account row (created by the plugin's migration, so always there). */
export function loadAccount(c: PluginContext): AccountRow {
  return c.sync.first(readAccount, {})!;
}

/** Applies deltas to the running totals. Call inside the transaction that writes the ledger row. */
export function moveTotals(c: PluginContext, move: AccountMove, at: number): void {
  c.sync.run(moveAccount, {
    balance: move.balance ?? 0,
    credited: move.credited ?? 0,
    spent: move.spent ?? 0,
    adjusted: move.adjusted ?? 0,
    held: move.held ?? 0,
    at,
  });
}

/** The totals as the API shows them, with the limit that applies and what is available. */
export function viewAccount(row: AccountRow, settings: BillingSettings): AccountView {
  const creditLimit = row.credit_limit ?? settings.creditLimit;
  return {
    balance: row.balance,
    credited: row.credited,
    spent: row.spent,
    adjusted: row.adjusted,
    held: row.held,
    creditLimit,
    available: row.balance - row.held + creditLimit,
  };
}

/**
 * Expires every active hold whose time has come, returning its reservation.
 * Runs at the start of each ledger transaction, so an expired hold never
 * blocks a charge even when no alarm has fired yet.
 */
export function expireDueHolds(c: PluginContext, now: number): number {
  const due = c.sync.all(dueHolds, { now });
  for (const hold of due) {
    c.sync.run(closeHold, { id: hold.id, status: "expired", at: now, settled: null });
    moveTotals(c, { held: -hold.amount }, now);
    if (hold.token_id !== null) c.sync.run(addTokenSpend, { tokenId: hold.token_id, spent: 0, held: -hold.amount, charges: 0, at: now });
  }
  return due.length;
}
