import { UserDOError } from "@userdo/core";
import { decodePaymentSignatureHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequirements } from "./x402-types.js";
import * as v from "valibot";

/** The longest `PAYMENT-SIGNATURE` read (an EIP-3009 payment is about 1.5 KiB). */
export const MAX_PAYMENT_HEADER = 8 * 1024;

const Address = v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{40}$/));
const Uint = v.pipe(v.string(), v.regex(/^[0-9]{1,78}$/));

// The part of a payment this entry reads itself; the facilitator checks the rest (the signature).
const PaymentShape = v.object({
  x402Version: v.literal(2),
  accepted: v.object({
    scheme: v.string(),
    network: v.string(),
    asset: v.string(),
    amount: v.string(),
    payTo: v.string(),
  }),
  payload: v.object({
    authorization: v.object({
      from: Address,
      to: Address,
      value: Uint,
      validAfter: Uint,
      validBefore: Uint,
      nonce: v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{64}$/)),
    }),
    signature: v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{2,4096}$/)),
  }),
});

/** A payment read from `PAYMENT-SIGNATURE`: the payload as sent, and what the ledger keys it by. */
export interface DecodedPayment {
  readonly payload: PaymentPayload;
  /** The payer's address, lowercased. */
  readonly payer: string;
  /** `<network>:<asset>:<payer>:<nonce>`, lowercased: one signed authorization. */
  readonly id: string;
  readonly value: string;
  readonly validAfter: number;
  readonly validBefore: number;
}

/**
 * Decodes `PAYMENT-SIGNATURE` (base64 JSON, x402 v2) with the protocol's own
 * decoder, then checks the shape this entry reads: an `exact` EIP-3009
 * authorization. Anything else is a 400 `bad_payment`, never a crash.
 *
 * @example
 * ```ts
 * const payment = decodePayment(request.headers.get("payment-signature")!);
 * ```
 */
export function decodePayment(header: string): DecodedPayment {
  if (header.length > MAX_PAYMENT_HEADER)
    throw new UserDOError(400, "bad_payment", `PAYMENT-SIGNATURE is over ${MAX_PAYMENT_HEADER} characters`);
  let raw: unknown;
  try {
    raw = decodePaymentSignatureHeader(header.trim());
  } catch {
    throw new UserDOError(400, "bad_payment", "PAYMENT-SIGNATURE must be the base64 JSON of an x402 payment payload");
  }
  const checked = v.safeParse(PaymentShape, raw);
  if (!checked.success)
    throw new UserDOError(
      400,
      "bad_payment",
      "PAYMENT-SIGNATURE must be an x402 v2 payment of the exact scheme with an EIP-3009 authorization and its signature",
    );
  const { accepted, payload } = checked.output;
  const auth = payload.authorization;
  const payer = auth.from.toLowerCase();
  return {
    payload: raw as PaymentPayload,
    payer,
    id: `${accepted.network}:${accepted.asset}:${payer}:${auth.nonce}`.toLowerCase(),
    value: auth.value,
    validAfter: Number(auth.validAfter),
    validBefore: Number(auth.validBefore),
  };
}

/** Why a payment does not pay for this route, or null when it matches. */
export interface PaymentMismatch {
  readonly code: "payment_mismatch" | "payment_expired" | "payment_not_yet_valid";
  readonly message: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Checks a payment against the route's requirements before the facilitator
 * is asked: scheme, network, asset, pay-to and amount (what the client says
 * it accepted, and what it signed), and the authorization's validity window
 * (valid at least 6 more seconds, as the reference facilitator wants).
 *
 * @example
 * ```ts
 * const payment = decodePayment(request.headers.get("payment-signature")!);
 * const requirements = await x402Requirements(x402Settings(env), 10_000);
 * const mismatch = paymentMismatch(payment, requirements, Date.now()); // null, or why it does not pay
 * ```
 */
export function paymentMismatch(
  payment: DecodedPayment,
  requirements: PaymentRequirements,
  now: number,
): PaymentMismatch | null {
  const accepted = payment.payload.accepted;
  const auth = (payment.payload.payload as { authorization: { to: string } }).authorization;
  const wrong = (field: string) => ({
    code: "payment_mismatch" as const,
    message: `the payment's ${field} is not this route's: pay what PAYMENT-REQUIRED asks`,
  });
  if (accepted.scheme !== requirements.scheme) return wrong("scheme");
  if (accepted.network !== requirements.network) return wrong("network");
  if (!same(accepted.asset, requirements.asset)) return wrong("asset");
  if (!same(accepted.payTo, requirements.payTo) || !same(auth.to, requirements.payTo)) return wrong("pay-to address");
  if (accepted.amount !== requirements.amount || payment.value !== requirements.amount) return wrong("amount");
  const seconds = Math.floor(now / 1000);
  if (payment.validBefore < seconds + 6)
    return { code: "payment_expired", message: "the payment's authorization has expired: sign a new one" };
  if (payment.validAfter > seconds)
    return { code: "payment_not_yet_valid", message: "the payment's authorization is not valid yet" };
  return null;
}
