import { UserDOError } from "@userdo/core";
import type { ChargeRefusal, RefusalReason } from "../shared/ledger-types.js";

/**
 * A charge the balance (or a token's budget) does not cover, thrown by
 * `billingCharge` so that the transaction around it rolls back with it. A
 * 402 whose own fields (they survive an RPC hop, like `status` and `code`)
 * tell the Worker what a `paymentRequired()` answer needs.
 *
 * @example
 * ```ts
 * // in the Worker: a 402 with where to pay
 * try {
 *   return await app(request, env);
 * } catch (error) {
 *   return billingErrorResponse(error, { payUrl: "https://example.com/pay" });
 * }
 * ```
 */
export class PaymentRequiredError extends UserDOError {
  override readonly name = "PaymentRequiredError";
  readonly reason: RefusalReason;
  /** Micro-dollars the charge asked for. */
  readonly amount: number;
  readonly balance: number;
  readonly available: number;

  constructor(refusal: ChargeRefusal) {
    super(402, refusal.reason, refusal.message);
    this.reason = refusal.reason;
    this.amount = refusal.amount;
    this.balance = refusal.balance;
    this.available = refusal.available;
  }
}

/** A key charged before, inside an object method: thrown so the method's work is not done twice. */
export function alreadyCharged(): UserDOError {
  return new UserDOError(
    409,
    "already_charged",
    "this idempotency key was charged before: its work was done once and is not done again; use a new key for new work",
  );
}
