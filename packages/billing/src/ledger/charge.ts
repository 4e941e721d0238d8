// Over 200 lines on purpose: one idea, a charge (check, cover, debit, refuse, replay), which paid work and holds reuse through debit() and refusalFor().
import { UserDOError, type PluginContext, parseInput } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { expireDueHolds, loadAccount, viewAccount } from "./account.js";
import { chargeByKey, insertCharge, insertChargeIfCovered } from "./queries/charge-queries.js";
import { tokenSpend } from "./queries/token-spend-queries.js";
import type { Selectable } from "kysely";
import type { BillingDB } from "./schema/billing-db.js";
import type { ChargeOutcome, ChargeReceipt, ChargeRefusal, Payer } from "../shared/ledger-types.js";
import { type ChargeInput, ChargeInputSchema } from "../shared/inputs.js";

type ChargeRow = Selectable<BillingDB["_userdo_billing_charges"]>;
type AccountRow = BillingDB["_userdo_billing_account"];

/** A payer with no token: only the account's balance limits the charge. */
export const ACCOUNT_PAYER: Payer = Object.freeze({ tokenId: null, budget: null });

/** A charge's input, checked. */
interface CheckedCharge {
  readonly key: string | null;
  readonly amount: number;
  readonly source: string | null;
  readonly metadata: string | null;
}

/**
 * One charge, as one step: key check, balance check, debit, ledger row, daily
 * aggregate and token spend. It must run inside `transactionSync` (import
 * does that for many at once), so concurrent charges are serialized by the
 * object and a throw leaves nothing written. A refusal writes nothing either.
 */
export function chargeSync(
  c: PluginContext,
  settings: BillingSettings,
  input: ChargeInput,
  payer: Payer,
  now: number,
): ChargeOutcome {
  const charge = checkCharge(input);
  return (
    coveredCharge(c, settings, charge, payer, now) ??
    replayOf(c, charge) ??
    uncoveredCharge(c, settings, charge, payer, now)
  );
}

/**
 * One charge as its own call (or inside the caller's own transaction). The
 * common case, a new key the account covers, is one statement, atomic by
 * itself in SQLite together with the rows its triggers write, and a replay
 * only reads, so neither needs `transactionSync` (a savepoint costs about a
 * fifth of such a charge); the rest runs in one.
 */
export function chargeOnce(
  c: PluginContext,
  settings: BillingSettings,
  input: ChargeInput,
  payer: Payer,
): ChargeOutcome {
  const now = Date.now();
  const charge = checkCharge(input);
  return (
    coveredCharge(c, settings, charge, payer, now) ??
    replayOf(c, charge) ??
    c.ctx.storage.transactionSync(() => uncoveredCharge(c, settings, charge, payer, now))
  );
}

function checkCharge(input: ChargeInput): CheckedCharge {
  const { key, amount, source, metadata } = parseInput(ChargeInputSchema, input);
  return { key, amount, source, metadata: metadata === null ? null : JSON.stringify(metadata) };
}

/**
 * The common case in one statement: a new key the account covers. Null when
 * nothing was written (a replay, a refusal, a due hold that blocked it) or
 * when a token's budget must be read first.
 */
function coveredCharge(
  c: PluginContext,
  settings: BillingSettings,
  charge: CheckedCharge,
  payer: Payer,
  now: number,
): ChargeReceipt | null {
  if (payer.budget !== null) return null;
  const params = { ...charge, tokenId: payer.tokenId, at: now, defaultLimit: settings.creditLimit };
  const row = c.sync.first(insertChargeIfCovered, params);
  if (!row) return null;
  return {
    charged: true,
    amount: charge.amount,
    balance: row.balance_after,
    key: charge.key,
    chargeId: row.id,
    at: now,
    replayed: false,
  };
}

/** The first result of a key seen before (409 for another amount or source), or null for a new key or none. */
function replayOf(c: PluginContext, charge: CheckedCharge): ChargeReceipt | null {
  if (charge.key === null) return null;
  const first = c.sync.first(chargeByKey, { key: charge.key });
  return first ? replayed(first, charge.amount, charge.source) : null;
}

/** A new key the account did not cover at first: expire due holds, then charge or refuse. Inside `transactionSync`. */
function uncoveredCharge(
  c: PluginContext,
  settings: BillingSettings,
  charge: CheckedCharge,
  payer: Payer,
  now: number,
): ChargeOutcome {
  // A hold can only be due when something is held.
  let account = loadAccount(c);
  if (account.held > 0 && expireDueHolds(c, now) > 0) account = loadAccount(c);
  const refusal = refusalFor(c, settings, charge.amount, payer, account);
  if (refusal) return refusal;
  return debit(c, { ...charge, tokenId: payer.tokenId, holdId: null }, now, account);
}

/** The first result of a key, unless the replay asks for something else (409). */
export function replayed(first: ChargeRow, amount: number, source: string | null): ChargeReceipt {
  if (first.amount !== amount || first.source !== source) {
    throw new UserDOError(
      409,
      "idempotency_conflict",
      "this idempotency key was already used for another amount or source",
    );
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
    if (used + amount > payer.budget)
      return refuse("token_budget_exceeded", "this API token's budget does not cover this charge");
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
}

/**
 * Writes a debit whose affordability was already checked; `before` is the
 * account as read in this transaction. The ledger row's triggers move the
 * totals, the day and the token's spend.
 */
export function debit(c: PluginContext, d: Debit, now: number, before: AccountRow = loadAccount(c)): ChargeReceipt {
  const balanceAfter = before.balance - d.amount;
  const { id } = c.sync.first(insertCharge, { ...d, at: now, balanceAfter })!;
  return {
    charged: true,
    amount: d.amount,
    balance: balanceAfter,
    key: d.key,
    chargeId: id,
    at: now,
    replayed: false,
  };
}

function receipt(row: ChargeRow, replay: boolean): ChargeReceipt {
  return {
    charged: true,
    amount: row.amount,
    balance: row.balance_after,
    key: row.key,
    chargeId: row.id,
    at: row.at,
    replayed: replay,
  };
}
