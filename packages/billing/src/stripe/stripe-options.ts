import type { UsersOption } from "../auth/worker/options.js";

/** The Stripe routes' settings (checkout, webhook, success page), as `stripeRoutes()` takes them. */
export interface StripeSettings<Env> {
  /** The secret API key (`sk_...`), from a secret: `(env) => env.STRIPE_SECRET_KEY`. */
  readonly secretKey: (env: Env) => string | undefined;
  /** The webhook endpoint's signing secret (`whsec_...`): `(env) => env.STRIPE_WEBHOOK_SECRET`. */
  readonly webhookSecret: (env: Env) => string | undefined;
  /** The currency of top-ups, lowercase ISO code (default "usd"); cents of it become micro-dollars. */
  readonly currency?: string;
  /** Smallest and largest top-up in cents (defaults 100 and 100,000: $1 to $1,000). */
  readonly minCents?: number;
  readonly maxCents?: number;
  /** Seconds a webhook signature stays valid (default 300, Stripe's own default). */
  readonly toleranceSeconds?: number;
  /** The line item's name on the payment page. */
  readonly productName?: string;
  /** Paths of the routes (defaults `/stripe/checkout`, `/stripe-webhook`, `/stripe/success`). */
  readonly paths?: { readonly checkout?: string; readonly webhook?: string; readonly success?: string };
  /** The fetch Stripe's client uses (default the global one); tests pass a fake Stripe API here. */
  readonly fetch?: typeof fetch;
}

/** The settings and where the user objects are: what each Stripe handler mounted on its own takes. */
export interface StripeOptions<Env> extends StripeSettings<Env>, UsersOption<Env> {}

/**
 * Where a Stripe payment without a valid user id is credited, for an admin to
 * move: not a numeric id, so no credential can ever open it.
 *
 * @example
 * ```ts
 * const unclaimed = await userStub(env.USERS, UNCLAIMED_OBJECT).billingSnapshot();
 * ```
 */
export const UNCLAIMED_OBJECT = "unclaimed";

/** The Stripe routes' paths, defaults filled in. */
export function stripePaths<Env>(options: StripeSettings<Env>) {
  return {
    checkout: options.paths?.checkout ?? "/stripe/checkout",
    webhook: options.paths?.webhook ?? "/stripe-webhook",
    success: options.paths?.success ?? "/stripe/success",
  };
}
