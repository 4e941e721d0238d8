// A fake Stripe API: it answers Checkout session creation as Stripe does and
// records every call. Serve `fakeStripe` at the network edge (Miniflare's
// outboundService), or give `fakeStripeFetch` to the Stripe client as its fetch.

/** A call the fake received. */
export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly form: URLSearchParams;
  readonly authorization: string | null;
}

/** Every call so far, in this process (the vitest process at the network edge, the test Worker as a fetch). */
export const stripeCalls: RecordedCall[] = [];

/**
 * Answers `POST /v1/checkout/sessions` the way Stripe does; any other Stripe
 * path is a 404, any other host a 502 (no network in tests).
 *
 * @example
 * ```ts
 * export default workersTestConfig("./wrangler.test.jsonc", { outboundService: fakeStripe });
 * ```
 */
export async function fakeStripe(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== "api.stripe.com") return new Response("no network in tests", { status: 502 });
  const form = new URLSearchParams(await request.text());
  stripeCalls.push({
    method: request.method,
    path: url.pathname,
    form,
    authorization: request.headers.get("authorization"),
  });
  if (request.method === "POST" && url.pathname === "/v1/checkout/sessions") {
    const id = `cs_test_${stripeCalls.length}`;
    return Response.json({
      id,
      object: "checkout.session",
      url: `https://checkout.stripe.com/c/pay/${id}`,
      client_reference_id: form.get("client_reference_id"),
      amount_total: Number(form.get("line_items[0][price_data][unit_amount]")),
      currency: form.get("line_items[0][price_data][currency]"),
      payment_status: "unpaid",
    });
  }
  return Response.json({ error: { type: "invalid_request_error", message: "not faked" } }, { status: 404 });
}

/** {@link fakeStripe} as a fetch, for the Stripe client's `httpClient`. */
export const fakeStripeFetch: typeof fetch = (input, init) => fakeStripe(new Request(input, init));
