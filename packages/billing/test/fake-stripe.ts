// A fake Stripe API at the network edge: the Stripe client's fetch goes here.
// It answers Checkout session creation as Stripe does, and records the calls.

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly form: URLSearchParams;
  readonly authorization: string | null;
}

export const stripeCalls: RecordedCall[] = [];

export const fakeStripeFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
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
};
