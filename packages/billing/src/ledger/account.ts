import type { PluginContext } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { addTokenHeld, closeHold, dueHolds, addHeld, readAccount } from "./queries.js";
import type { BillingDB } from "./schema.js";
import type { AccountView } from "./types.js";

type AccountRow = BillingDB["_userdo_billing_account"];

/** The account row (created by the plugin's migration, so always there). */
export function loadAccount(c: PluginContext): AccountRow {
  return c.sync.first(readAccount, {})!;
}

/**
 * Moves what holds reserve, on the account and (for a token's hold) the
 * token. Inside the transaction that changes the hold.
 */
export function moveHeld(c: PluginContext, held: number, tokenId: string | null, at: number): void {
  c.sync.run(addHeld, { held, at });
  if (tokenId !== null) c.sync.run(addTokenHeld, { tokenId, held, at });
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
 * Runs before the account is shown and before every ledger write a
 * reservation could refuse (for a charge: once the balance did not cover it
 * at first), so an expired hold never blocks one even when no alarm has
 * fired yet.
 */
export function expireDueHolds(c: PluginContext, now: number): number {
  const due = c.sync.all(dueHolds, { now });
  for (const hold of due) {
    c.sync.run(closeHold, { id: hold.id, status: "expired", at: now, settled: null });
    moveHeld(c, -hold.amount, hold.token_id, now);
  }
  return due.length;
}
