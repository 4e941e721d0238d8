import type { FundingRoutes, RouteHandler } from "../auth/worker/funding-routes.js";
import { handleCheckout } from "./stripe-checkout.js";
import { type StripeSettings, stripePaths } from "./stripe-options.js";
import { handleSuccess } from "./stripe-success.js";
import { handleStripeWebhook } from "./stripe-webhook.js";

/**
 * Stripe top-ups for `billingRoutes` (from `@userdo/billing/auth`):
 * `POST /stripe/checkout`, `POST /stripe-webhook` and `GET /stripe/success`.
 * Stripe's SDK is bundled only by an app that imports this entry.
 *
 * @example
 * ```ts
 * import { billingRoutes } from "@userdo/billing/auth";
 * import { stripeRoutes } from "@userdo/billing/stripe";
 * const routes = billingRoutes<Env>({
 *   users: (env) => env.USERS,
 *   stripe: stripeRoutes({ secretKey: (env) => env.STRIPE_SECRET_KEY, webhookSecret: (env) => env.STRIPE_WEBHOOK_SECRET }),
 * });
 * ```
 */
export function stripeRoutes<Env>(settings: StripeSettings<Env>): FundingRoutes<Env> {
  const paths = stripePaths(settings);
  return {
    routes(users) {
      const options = { ...settings, users };
      return new Map<string, RouteHandler<Env>>([
        [paths.checkout, (request, env) => handleCheckout(request, env, options)],
        [paths.webhook, (request, env) => handleStripeWebhook(request, env, options)],
        [paths.success, (request, env) => handleSuccess(request, env, options)],
      ]);
    },
  };
}
