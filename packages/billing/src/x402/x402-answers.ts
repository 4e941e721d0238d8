import type { PaymentRequirements } from "./x402-types.js";
import { PAYMENT_REQUIRED_HEADER, paymentRequiredHeader } from "./requirements.js";

/** A copy of `response` whose headers may be changed (a fetched response's are immutable). */
export function mutable(response: Response): Response {
  return new Response(response.body, response);
}

/**
 * A 402 JSON `{error, code, amount, payUrl, ...}` with `PAYMENT-REQUIRED` for
 * the route's price, and `Location` / `Link: rel="payment"` when there is a
 * page to pay on (GitHub Sponsors, a Stripe top-up).
 */
export function x402Refusal(
  request: Request,
  requirements: PaymentRequirements,
  body: { readonly error: string; readonly code: string } & Record<string, unknown>,
  payUrl: string | null,
): Response {
  const headers = new Headers({ "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  headers.set(PAYMENT_REQUIRED_HEADER, paymentRequiredHeader(request.url, requirements, body.error));
  if (payUrl) {
    headers.set("location", payUrl);
    headers.set("link", `<${encodeURI(payUrl)}>; rel="payment"`);
  }
  return new Response(JSON.stringify({ ...body, payUrl }), { status: 402, headers });
}

/** True when the request presents a credential of its own (a header or a cookie): its 401 stays a 401. */
function presentsCredential(request: Request): boolean {
  return request.headers.has("authorization") || request.headers.has("cookie");
}

/**
 * The app's own answer (its session or token path), made payable by x402: a
 * 401 of a request without any credential becomes a 402 that keeps its JSON
 * and says how to pay; a 402 (no funds) gains `PAYMENT-REQUIRED`; any other
 * answer (a forged or expired credential's 401 included) is left alone.
 */
export async function withPaymentRequired(
  request: Request,
  requirements: PaymentRequirements,
  price: number,
  payUrl: string | null,
  answer: Response | null,
): Promise<Response> {
  const how = "pay for this request with x402 (PAYMENT-REQUIRED says what), or log in and pay from your balance";
  if (answer === null || (answer.status === 401 && !presentsCredential(request))) {
    let body: Record<string, unknown> = {};
    if (answer !== null) body = ((await answer.json().catch(() => null)) ?? {}) as Record<string, unknown>;
    return x402Refusal(request, requirements, { ...body, error: how, code: "payment_required", amount: price }, payUrl);
  }
  if (answer.status !== 402) return answer;
  const paid = mutable(answer);
  paid.headers.set(PAYMENT_REQUIRED_HEADER, paymentRequiredHeader(request.url, requirements));
  return paid;
}
