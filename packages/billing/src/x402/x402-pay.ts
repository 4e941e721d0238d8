import { jsonError, userStub } from "@userdo/core";
import { encodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentRequirements } from "./x402-types.js";
import type { BillingNamespace, BillingObject } from "../shared/billing-object.js";
import { sourceOf } from "../worker/source.js";
import { type DecodedPayment, decodePayment, paymentMismatch } from "./payment-check.js";
import { settlePayment, verifyPayment } from "./facilitator.js";
import { x402Refusal } from "./x402-answers.js";
import type { X402Settings } from "./x402-config.js";

const NONCE_USED = /nonce_already_used|nonce.*used/i;

function paymentUsed(status: string): Response {
  const message = `this payment was used already (${status}): a payment pays for one request; sign a new one`;
  return jsonError(409, "payment_used", message);
}

/** The object of the user a wallet is: `x402-<address>`, lowercased. */
export function walletUser(address: string): string {
  return `x402-${address.toLowerCase()}`;
}

/** A payment that settled: whose object to credit, and the `PAYMENT-RESPONSE` to answer with. */
export interface SettledPayment {
  readonly user: string;
  readonly stub: DurableObjectStub<BillingObject>;
  readonly payment: DecodedPayment;
  readonly transaction: string;
  readonly paymentResponse: string;
}

/** What one x402 payment needs: the request, its header, the route's requirements and price. */
export interface PayInput {
  readonly request: Request;
  readonly header: string;
  readonly settings: X402Settings;
  readonly requirements: PaymentRequirements;
  readonly price: number;
  readonly users: BillingNamespace;
  readonly payUrl: string | null;
}

/**
 * Takes an x402 payment, settling before any work runs: decode (400 when
 * malformed), match the route (402), verify with the facilitator (402, or
 * 502/504 when it fails: nothing recorded), claim the authorization in the
 * payer's object (409 when it was used: concurrent replays included), settle
 * (402 when refused; 502 when unknown). Answers a Response when the payment
 * does not pay, or the settled payment, whose crediting is the caller's next
 * object call.
 */
export async function takePayment(input: PayInput): Promise<Response | SettledPayment> {
  const { request, settings, requirements, price, payUrl } = input;
  const payment = decodePayment(input.header);
  const mismatch = paymentMismatch(payment, requirements, Date.now());
  if (mismatch)
    return x402Refusal(request, requirements, { error: mismatch.message, code: mismatch.code, amount: price }, payUrl);
  const verified = await verifyPayment(settings, payment.payload, requirements);
  // The chain says its nonce was spent: a replay of a payment that settled (here or elsewhere).
  if (!verified.valid && NONCE_USED.test(verified.reason)) return paymentUsed("settled");
  if (!verified.valid || (verified.payer !== null && verified.payer.toLowerCase() !== payment.payer)) {
    const reason = verified.valid ? "payer_mismatch" : verified.reason;
    const error = `the facilitator refused the payment (${reason}): sign a new one`;
    return x402Refusal(request, requirements, { error, code: "payment_invalid", reason, amount: price }, payUrl);
  }
  const user = walletUser(payment.payer);
  const stub = userStub(input.users, user);
  const claim = await stub.billingX402Claim({
    payment: payment.id,
    amount: price,
    atomic: requirements.amount,
    network: requirements.network,
    resource: sourceOf(request),
  });
  if (!claim.claimed) return paymentUsed(claim.status);
  const settled = await settlePayment(settings, payment.payload, requirements);
  if (settled.state !== "settled") {
    await stub.billingX402Unsettled({ payment: payment.id, status: settled.state, reason: settled.reason });
    if (settled.state === "failed") {
      const error = `the payment did not settle (${settled.reason}): sign a new one`;
      return x402Refusal(
        request,
        requirements,
        { error, code: "settlement_failed", reason: settled.reason, amount: price },
        payUrl,
      );
    }
    return jsonError(
      502,
      "settlement_unknown",
      `the facilitator did not confirm the settlement (${settled.reason}); the payment is recorded as unknown and was not credited: contact the site with payment ${payment.id}`,
    );
  }
  return {
    user,
    stub,
    payment,
    transaction: settled.response.transaction,
    paymentResponse: encodePaymentResponseHeader(settled.response),
  };
}

/** Logs a settled payment whose crediting failed: the transaction names it for reconciliation. */
export function logUncredited(settled: SettledPayment, cause: unknown): void {
  const message = cause instanceof Error ? cause.message : String(cause);
  console.error("billing: an x402 payment settled but was not credited; reconcile it", {
    user: settled.user,
    payment: settled.payment.id,
    transaction: settled.transaction,
    message,
  });
}
