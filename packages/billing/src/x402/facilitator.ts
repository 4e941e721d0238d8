import { UserDOError } from "@userdo/core";
import { HTTPFacilitatorClient } from "@x402/core/http";
import type { PaymentPayload, PaymentRequirements, SettleResponse } from "./x402-types.js";
import type { X402Settings } from "./x402-config.js";

/** What the facilitator said of a payment. */
export type Verified =
  | { readonly valid: true; readonly payer: string | null }
  | { readonly valid: false; readonly reason: string };

/** What settling answered: settled with its transaction, refused (nothing moved), or not known. */
export type Settled =
  | { readonly state: "settled"; readonly response: SettleResponse }
  | { readonly state: "failed"; readonly reason: string }
  | { readonly state: "unknown"; readonly reason: string };

const clients = new Map<string, HTTPFacilitatorClient>();

function client(settings: X402Settings): HTTPFacilitatorClient {
  const key = `${settings.facilitatorUrl} ${settings.facilitatorTimeoutMs}`;
  let c = clients.get(key);
  if (!c) {
    c = new HTTPFacilitatorClient({ url: settings.facilitatorUrl, timeoutMs: settings.facilitatorTimeoutMs });
    clients.set(key, c);
  }
  return c;
}

const nameOf = (error: unknown) => (error instanceof Error ? error.name : "");
const short = (text: unknown) => String(text ?? "").slice(0, 200);

/**
 * Verifies a payment against the route's own requirements (never the ones the
 * client says it accepted) with the facilitator, through `@x402/core`'s HTTP
 * client. A facilitator that times out is a 504 `facilitator_timeout`; one that
 * fails otherwise a 502 `facilitator_unavailable`: nothing was recorded, the
 * client may send the same payment again.
 */
export async function verifyPayment(
  settings: X402Settings,
  payload: PaymentPayload,
  requirements: PaymentRequirements,
): Promise<Verified> {
  try {
    const answer = await client(settings).verify(payload, requirements);
    if (answer.isValid) return { valid: true, payer: answer.payer ?? null };
    return { valid: false, reason: short(answer.invalidReason ?? "invalid_payment") };
  } catch (error) {
    const e = error as { name?: string; statusCode?: number; invalidReason?: string };
    // A 4xx that says isValid: false is a verdict, not an outage.
    if (nameOf(error) === "VerifyError" && (e.statusCode ?? 500) < 500)
      return { valid: false, reason: short(e.invalidReason ?? "invalid_payment") };
    if (nameOf(error) === "FacilitatorTimeoutError")
      throw new UserDOError(
        504,
        "facilitator_timeout",
        "the payment facilitator did not answer in time: send the same payment again",
      );
    throw new UserDOError(
      502,
      "facilitator_unavailable",
      "the payment facilitator failed: send the same payment again later",
    );
  }
}

/**
 * Settles a verified payment with the facilitator. `failed` when it answered
 * that nothing moved (`success: false`); `unknown` when it failed or timed
 * out, because the transfer may still have been sent.
 */
export async function settlePayment(
  settings: X402Settings,
  payload: PaymentPayload,
  requirements: PaymentRequirements,
): Promise<Settled> {
  try {
    const response = await client(settings).settle(payload, requirements);
    if (response.success && response.transaction) return { state: "settled", response };
    return { state: "failed", reason: short(response.errorReason ?? "settlement_failed") };
  } catch (error) {
    const e = error as { statusCode?: number; errorReason?: string };
    if (nameOf(error) === "SettleError" && (e.statusCode ?? 500) < 500)
      return { state: "failed", reason: short(e.errorReason ?? "settlement_failed") };
    const timeout = nameOf(error) === "FacilitatorTimeoutError";
    return { state: "unknown", reason: timeout ? "facilitator_timeout" : "facilitator_unavailable" };
  }
}
