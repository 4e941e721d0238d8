// A fake Stripe API at the network edge (Miniflare's outboundService): the
// Stripe client in the Worker reaches this instead of api.stripe.com.

/** Answers Checkout session creation the way Stripe does; anything else is a 404. */
export async function fakeStripe(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== "api.stripe.com") return new Response("no network in tests", { status: 502 });
  if (request.method === "POST" && url.pathname === "/v1/checkout/sessions") {
    const form = new URLSearchParams(await request.text());
    const id = `cs_test_${crypto.randomUUID().replaceAll("-", "")}`;
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
