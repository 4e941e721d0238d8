import { UserDOError, type PluginContext } from "@userdo/core";
import { assertAmount } from "../money.js";
import type { BillingSettings } from "../settings.js";
import { expireDueHolds, loadAccount, moveTotals, viewAccount } from "./account.js";
import { addDaily, addTokenSpend, chargeByKey, insertCharge, tokenSpend } from "./queries.js";
import type { Selectable } from "kysely";
import type { BillingDB } from "./schema.js";
import type { ChargeInput, ChargeOutcome, ChargeReceipt, ChargeRefusal, Payer } from "./types.js";
import { assertInput, assertKey, checkSource, encodeMetadata, utcDay } from "./validate.js";

type ChargeRow = Selectable<BillingDB["_userdo_billing_charges"]>;
type AccountRow = BillingDB["_userdo_billing_account"];

/** A payer with no token: only the account's balance limits the charge. */
export const ACCOUNT_PAYER: Payer = Object.freeze({ tokenId: null, budget: null });

/**
 * One charge, as one step: key check, balance check, debit, ledger row, daily
 * aggregate and token spend. It must run inside `transactionSync` (the plugin's
 * methods do that), so concurrent charges are serialized by the object and a
 * throw leaves nothing written. A refusal writes nothing either.
 */
export function chargeSync(c: PluginContext, settings: BillingSettings, input: ChargeInput, payer: Payer, now: number): ChargeOutcome {
  assertInput(input, "the charge");
  assertAmount(input.amount, "amount");
  assertKey(input.key);
  const source = checkSource(input.source);
  const metadata = encodeMetadata(input.metadata);
  const first = c.sync.first(chargeByKey, { key: input.key });
  if (first) return replayed(first, input.amount, source);
  // One read of the totals serves the balance check and the ledger row; a
  // hold can only be due when something is held.
  let account = loadAccount(c);
  if (account.held > 0 && expireDueHolds(c, now) > 0) account = loadAccount(c);
  const refusal = refusalFor(c, settings, input.amount, payer, account);
  if (refusal) return refusal;
  return debit(c, { key: input.key, amount: input.amount, source, metadata, tokenId: payer.tokenId, holdId: null }, now, account);
}

/** The first result of a key, unless the replay asks for something else (409). */
export function replayed(first: ChargeRow, amount: number, source: string | null): ChargeReceipt {
  if (first.amount !== amount || first.source !== source) {
    throw new UserDOError(409, "idempotency_conflict", "this idempotency key was already used for another amount or source");
  }
  return receipt(first, true);
}

/** Why `amount` cannot be spent now, or null when it can. */
export function refusalFor(
  c: PluginContext,
  settings: BillingSettings,
  amount: number,
  payer: Payer,
  row: AccountRow = loadAccount(c),
): ChargeRefusal | null {
  const account = viewAccount(row, settings);
  const refuse = (reason: ChargeRefusal["reason"], message: string): ChargeRefusal => ({
    charged: false,
    reason,
    message,
    amount,
    balance: account.balance,
    available: account.available,
  });
  if (amount > account.available) return refuse("insufficient_funds", "the balance does not cover this charge");
  if (payer.tokenId !== null && payer.budget !== null) {
    const spend = c.sync.first(tokenSpend, { tokenId: payer.tokenId });
    const used = (spend?.spent ?? 0) + (spend?.held ?? 0);
    if (used + amount > payer.budget) return refuse("token_budget_exceeded", "this API token's budget does not cover this charge");
  }
  return null;
}

/** What a debit writes. */
export interface Debit {
  readonly key: string | null;
  readonly amount: number;
  readonly source: string | null;
  readonly metadata: string | null;
  readonly tokenId: string | null;
  readonly holdId: number | null;
  /** Units the debit takes out of `held` (a settled hold's reservation). */
  readonly release?: number;
}

/** Writes a debit whose affordability was already checked; `before` is the account as read in this transaction. */
export function debit(c: PluginContext, d: Debit, now: number, before: AccountRow = loadAccount(c)): ChargeReceipt {
  const release = d.release ?? 0;
  moveTotals(c, { balance: -d.amount, spent: d.amount, held: -release }, now);
  const balanceAfter = before.balance - d.amount;
  const { id } = c.sync.first(insertCharge, { ...d, at: now, balanceAfter })!;
  c.sync.run(addDaily, { day: utcDay(now), charges: 1, spent: d.amount, credited: 0 });
  if (d.tokenId !== null) c.sync.run(addTokenSpend, { tokenId: d.tokenId, spent: d.amount, held: -release, charges: 1, at: now });
  return { charged: true, amount: d.amount, balance: balanceAfter, key: d.key ?? "", chargeId: id, at: now, replayed: false };
}

function receipt(row: ChargeRow, replay: boolean): ChargeReceipt {
  return { charged: true, amount: row.amount, balance: row.balance_after, key: row.key ?? "", chargeId: row.id, at: row.at, replayed: replay };
}
