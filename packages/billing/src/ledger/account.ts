import type { PluginContext } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { addHeld, ensureAccount, readAccount, setCreditLimit } from "./queries/account-queries.js";
import { closeHold, dueHolds } from "./queries/hold-queries.js";
import { addTokenHeld } from "./queries/token-spend-queries.js";
import type { BillingDB } from "./schema/billing-db.js";
import type { AccountView } from "../shared/ledger-types.js";

type AccountRow = BillingDB["_userdo_billing_account"];

/** The account of a user whose money never moved: what a missing row means. */
const UNTOUCHED: AccountRow = Object.freeze({
  id: 1,
  balance: 0,
  credited: 0,
  spent: 0,
  adjusted: 0,
  held: 0,
  credit_limit: null,
  updated_at: 0,
});

/**
 * The account row; all zeros before money first moves (the row is written
 * then, by the ledger's triggers, a hold or a credit limit).
 */
export function loadAccount(c: PluginContext): AccountRow {
  return c.sync.first(readAccount, {}) ?? UNTOUCHED;
}

/**
 * Moves what holds reserve, on the account and (for a token's hold) the
 * token. Inside the transaction that changes the hold.
 */
export function moveHeld(c: PluginContext, held: number, tokenId: string | null, at: number): void {
  c.sync.run(ensureAccount, {});
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

/** Sets the user's own credit limit (null: the plugin's default). Inside the caller's transaction. */
export function writeCreditLimit(c: PluginContext, limit: number | null, at: number): void {
  c.sync.run(ensureAccount, {});
  c.sync.run(setCreditLimit, { limit, at });
}
