import { isUserId } from "@userdo/auth";
import { UserDOError, errorResponse, fieldError, parseInput, userStub } from "@userdo/core";
import * as v from "valibot";
import Stripe from "stripe";
import { readText } from "../worker/body.js";
import { fundingNotConfigured } from "../worker/not-configured.js";
import { type StripeOptions, UNCLAIMED_OBJECT } from "./stripe-options.js";

const CREDITING_EVENTS = new Set(["checkout.session.completed", "checkout.session.async_payment_succeeded"]);
const crypto = Stripe.createSubtleCryptoProvider();

const badPayload = <T>(message: string) => fieldError<T>("bad_payload", message);
const text = v.optional(v.nullable(v.string()));

/** A signed Stripe event's envelope: its id and type (a Checkout event's `data.object` is a {@link CheckoutSessionSchema}). */
export const StripeEventSchema = v.pipe(
  v.object({ id: v.string(), type: v.string() }),
  badPayload("must be a Stripe event: it needs an id and a type"),
);

/** A completed Checkout session as far as a credit needs it: its id, amount (cents), payment status, currency and user. */
export const CheckoutSessionSchema = v.object({
  id: v.pipe(v.string(), badPayload("must be the checkout session's id")),
  amount_total: v.pipe(v.number(), v.safeInteger(), v.minValue(0), badPayload("must be whole cents")),
  payment_status: text,
  currency: text,
  client_reference_id: text,
  metadata: v.optional(v.nullable(v.object({ userdo_user: text }))),
});

async function stripeWebhook<Env>(request: Request, env: Env, options: StripeOptions<Env>): Promise<Response> {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "POST only");
  const secret = options.webhookSecret(env);
  if (!secret)
    throw fundingNotConfigured("Stripe webhooks", "the endpoint's signing secret (the webhookSecret option)");
  const signature = request.headers.get("stripe-signature");
  if (!signature) throw new UserDOError(401, "missing_signature", "Stripe-Signature is missing");
  const body = await readText(request);
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(body, signature, secret, options.toleranceSeconds ?? 300, crypto);
  } catch (error) {
    // Signed but not JSON: the signature held, the body is what is wrong.
    if (error instanceof SyntaxError) throw new UserDOError(400, "bad_json", "the signed body is not valid JSON");
    const stale = error instanceof Error && /tolerance/i.test(error.message);
    throw new UserDOError(
      401,
      stale ? "stale_signature" : "bad_signature",
      stale ? "the signature's timestamp is too old" : "the signature does not match the body",
    );
  }
  // Signed JSON that is not an event (null, a number, no type) is refused, not read.
  const { id, type } = parseInput(StripeEventSchema, event, { code: "bad_payload", name: "the body" });
  if (!CREDITING_EVENTS.has(type)) return Response.json({ ignored: true, type }, { status: 202 });
  const object = parseInput(CheckoutSessionSchema, event.data?.object, { code: "bad_payload", root: "data.object" });
  const session = {
    id: object.id,
    paid: object.payment_status === "paid",
    amountCents: object.amount_total,
    currency: (object.currency ?? "").toLowerCase(),
    user: [object.client_reference_id, object.metadata?.userdo_user].find(isUserId) ?? null,
  };
  if (!session.paid) return Response.json({ ignored: true, type, reason: "not_paid" }, { status: 202 });
  const currency = (options.currency ?? "usd").toLowerCase();
  if (session.currency !== currency) return Response.json({ ignored: true, type, reason: "currency" }, { status: 202 });
  const user = session.user ?? UNCLAIMED_OBJECT;
  const payment = { eventId: id, eventType: type, sessionId: session.id, amountCents: session.amountCents };
  const result = await userStub(options.users(env), user).billingStripePayment(payment);
  return Response.json({ ok: true, type, user, ...result });
}

/**
 * `POST /stripe-webhook`: the `Stripe-Signature` header is verified (HMAC-SHA256
 * with the endpoint secret, and its timestamp within the tolerance) by
 * Stripe's own `constructEventAsync` before anything is parsed. A paid
 * `checkout.session.completed` (or `async_payment_succeeded`) is credited once
 * to the user named by `client_reference_id`, deduplicated on the event id and
 * unique on the session id. A session without a valid user id is credited to
 * the `unclaimed` object for an admin to move. Other events are acknowledged.
 *
 * @example
 * ```ts
 * return handleStripeWebhook(request, env, { users, secretKey: (env) => env.STRIPE_SECRET_KEY, webhookSecret: (env) => env.STRIPE_WEBHOOK_SECRET });
 * ```
 */
export async function handleStripeWebhook<Env>(
  request: Request,
  env: Env,
  options: StripeOptions<Env>,
): Promise<Response> {
  try {
    return await stripeWebhook(request, env, options);
  } catch (error) {
    // Mounted on its own, the route still answers JSON {error, code} with the error's status.
    return errorResponse(error);
  }
}
