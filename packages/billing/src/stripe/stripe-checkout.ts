import { UserDOError, errorResponse, fieldError, parseInput, userStub } from "@userdo/core";
import * as v from "valibot";
import Stripe from "stripe";
import { assertCookieWriteFromThisSite, credentialOf } from "../auth/worker/credential.js";
import { TOP_UP_SCOPE } from "../auth/worker/scopes.js";
import { readJsonObject, readText } from "../worker/body.js";
import { fundingNotConfigured } from "../worker/not-configured.js";
import { unauthenticated } from "../worker/payment-required.js";
import { type StripeOptions, stripePaths } from "./stripe-options.js";

/** The body of `POST /stripe/checkout` (JSON or a form): whole cents from the options' `minCents` to `maxCents`. */
export function checkoutBody(min: number, max: number) {
  return v.object({
    amountCents: v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(min),
      v.maxValue(max),
      fieldError("bad_amount", `must be an integer from ${min} to ${max}`),
    ),
  });
}

/** The largest checkout body read: `amountCents` is a few bytes (413 beyond). */
export const MAX_CHECKOUT_BODY_BYTES = 4096;

async function readCents(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (/^application\/json\b/i.test(type)) {
    return (await readJsonObject(request, MAX_CHECKOUT_BODY_BYTES)).amountCents;
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    const raw = new URLSearchParams(await readText(request, MAX_CHECKOUT_BODY_BYTES)).get("amountCents");
    return raw !== null && /^[0-9]{1,12}$/.test(raw) ? Number(raw) : raw;
  }
  throw new UserDOError(415, "unsupported_media_type", "send amountCents as JSON or a form");
}

/**
 * A Stripe client on the Workers fetch API (no Node http). Not exported: its
 * type is Stripe's, whose declarations need Node's types, and any of this
 * package's declarations that named it would make a Worker app's type check
 * (with skipLibCheck off) load them.
 */
function stripeClient(secretKey: string, fetchFn?: typeof fetch): Stripe {
  return new Stripe(secretKey, { httpClient: Stripe.createFetchHttpClient(fetchFn), maxNetworkRetries: 1 });
}

async function checkout<Env>(request: Request, env: Env, options: StripeOptions<Env>): Promise<Response> {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "POST only");
  assertCookieWriteFromThisSite(request);
  const secretKey = options.secretKey(env);
  if (!secretKey) throw fundingNotConfigured("Stripe top-ups", "the Stripe secret key (the secretKey option)");
  const credential = await credentialOf(request, env);
  if (!credential) return unauthenticated();
  const min = options.minCents ?? 100;
  const max = options.maxCents ?? 100_000;
  const { amountCents: cents } = parseInput(checkoutBody(min, max), { amountCents: await readCents(request) });
  // One object call proves who is paying before Stripe hears of them.
  const me = await userStub(options.users(env), credential.user).billingAccountAs(credential, { scope: TOP_UP_SCOPE });
  if (!me.authenticated) return unauthenticated();
  const origin = new URL(request.url).origin;
  const success = `${origin}${stripePaths(options).success}?session_id={CHECKOUT_SESSION_ID}`;
  const session = await stripeClient(secretKey, options.fetch).checkout.sessions.create({
    mode: "payment",
    client_reference_id: me.user,
    metadata: { userdo_user: me.user },
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: options.currency ?? "usd",
          unit_amount: cents,
          product_data: { name: options.productName ?? "Balance top-up" },
        },
      },
    ],
    success_url: success,
    cancel_url: `${origin}/`,
  });
  if (!session.url) throw new UserDOError(502, "stripe_no_url", "Stripe returned no payment page");
  if ((request.headers.get("accept") ?? "").includes("application/json"))
    return Response.json({ id: session.id, url: session.url });
  return new Response(null, { status: 303, headers: { location: session.url } });
}

/**
 * `POST /stripe/checkout` with `amountCents` (JSON or form, at most 4 KiB; a
 * cookie-authenticated post only from this site; tokens need `billing:topup`): creates a Stripe
 * Checkout session for a top-up of the logged-in user and answers with a 303
 * to Stripe's payment page (JSON `{ id, url }` when asked in JSON). The user's
 * id travels as `client_reference_id`; the webhook credits it, never this route.
 *
 * @example
 * ```ts
 * return handleCheckout(request, env, { users, secretKey: (env) => env.STRIPE_SECRET_KEY, webhookSecret: (env) => env.STRIPE_WEBHOOK_SECRET });
 * ```
 */
export async function handleCheckout<Env>(request: Request, env: Env, options: StripeOptions<Env>): Promise<Response> {
  try {
    return await checkout(request, env, options);
  } catch (error) {
    // Mounted on its own, the route still answers JSON {error, code} with the error's status.
    return errorResponse(error);
  }
}
