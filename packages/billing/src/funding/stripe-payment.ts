import { type PluginContext, parseInput } from "@userdo/core";
import { loadAccount } from "../ledger/account.js";
import { creditSync, recordEventSync } from "../ledger/credit.js";
import { type StripePayment, StripePaymentSchema } from "../shared/inputs.js";
import { centsToUnits } from "../shared/money.js";

export type { StripePayment } from "../shared/inputs.js";

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
export function applyStripePaymentSync(c: PluginContext, raw: StripePayment, now: number): StripePaymentResult {
  const payment = parseInput(StripePaymentSchema, raw);
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
