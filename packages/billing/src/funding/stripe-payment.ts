import { type PluginContext, UserDOError } from "@userdo/core";
import { loadAccount } from "../ledger/account.js";
import { creditSync, recordEventSync } from "../ledger/credit.js";
import { assertInput, assertKey } from "../shared/validate.js";
import { centsToUnits } from "../shared/money.js";

/** A paid Stripe Checkout session, as the Worker read it from a verified event. */
export interface StripePayment {
  /** The Stripe event id (`evt_...`), deduplicated here. */
  readonly eventId: string;
  readonly eventType: string;
  /** The Checkout session id (`cs_...`): the credit is idempotent on it. */
  readonly sessionId: string;
  /** `amount_total` in cents of the configured currency. */
  readonly amountCents: number;
}

/** What applying a payment did. */
export interface StripePaymentResult {
  readonly duplicate: boolean;
  readonly credited: number;
  readonly balance: number;
}

/**
 * Credits a paid Checkout session exactly once: the event id is recorded (a
 * redelivery does nothing) and the credit is unique on the session id (the
 * `completed` and `async_payment_succeeded` events of one session credit once).
 */
export function applyStripePaymentSync(c: PluginContext, payment: StripePayment, now: number): StripePaymentResult {
  assertInput(payment, "the payment");
  assertKey(payment.eventId, "event id");
  assertKey(payment.eventType, "event type");
  assertKey(payment.sessionId, "session id");
  if (!Number.isSafeInteger(payment.amountCents) || payment.amountCents < 0)
    throw new UserDOError(400, "bad_amount", "amountCents must be a non-negative integer");
  if (!recordEventSync(c, "stripe", payment.eventId, payment.eventType, now)) {
    return { duplicate: true, credited: 0, balance: loadAccount(c).balance };
  }
  const amount = centsToUnits(payment.amountCents);
  const result = creditSync(
    c,
    { source: "stripe", externalId: payment.sessionId, amount, metadata: { event: payment.eventId } },
    now,
  );
  if (result.credited) c.log("info", "billing: stripe payment credited", { session: payment.sessionId, amount });
  return { duplicate: false, credited: result.credited ? amount : 0, balance: result.balance };
}
