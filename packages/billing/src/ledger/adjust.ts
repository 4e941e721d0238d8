import { UserDOError, type PluginContext, parseInput } from "@userdo/core";
import { MAX_AMOUNT, assertAmount } from "../shared/money.js";
import { type AdjustInput, AdjustInputSchema } from "../shared/inputs.js";
import { loadAccount, writeCreditLimit } from "./account.js";
import { adjustmentByKey, insertAdjustment } from "./queries/adjustment-queries.js";
import { assertText } from "../shared/validate.js";

export type { AdjustInput } from "../shared/inputs.js";

/** What an adjustment did. */
export interface AdjustResult {
  readonly adjustmentId: number;
  readonly amount: number;
  readonly balance: number;
  readonly replayed: boolean;
}

/** Adjusts the balance and writes the audit row and a log entry. Inside `transactionSync`. */
export function adjustSync(c: PluginContext, raw: AdjustInput, now: number): AdjustResult {
  const input = parseInput(AdjustInputSchema, raw);
  if (input.amount === 0) throw new UserDOError(400, "bad_amount", "an adjustment moves at least 1 micro-dollar");
  const first = c.sync.first(adjustmentByKey, { key: input.key });
  if (first) {
    if (first.amount !== input.amount)
      throw new UserDOError(409, "idempotency_conflict", "this key was already used for another adjustment");
    return { adjustmentId: first.id, amount: first.amount, balance: first.balance_after, replayed: true };
  }
  const balanceAfter = loadAccount(c).balance + input.amount;
  if (Math.abs(balanceAfter) > MAX_AMOUNT)
    throw new UserDOError(400, "bad_amount", "the balance would leave the supported range");
  const row = { key: input.key, amount: input.amount, reason: input.reason, admin: input.admin, at: now, balanceAfter };
  // Its trigger moves the balance and the adjusted total.
  const { id } = c.sync.first(insertAdjustment, row)!;
  c.log("info", "billing: balance adjusted", {
    adjustmentId: id,
    admin: input.admin,
    amount: input.amount,
    reason: input.reason,
    balance: balanceAfter,
  });
  return { adjustmentId: id, amount: input.amount, balance: balanceAfter, replayed: false };
}

/** Sets (or with null, clears) this user's own credit limit; audit-logged. */
export function setCreditLimitSync(c: PluginContext, limit: number | null, admin: string, now: number): void {
  if (limit !== null) assertAmount(limit, "creditLimit");
  assertText(admin, "admin", 64);
  writeCreditLimit(c, limit, now);
  c.log("info", "billing: credit limit set", { admin, creditLimit: limit });
}
