// @userdo/billing/stripe: top-ups with Stripe Checkout. The only entry that
// imports the `stripe` package: an app that does not import it bundles none of it.
export { stripeRoutes } from "./stripe/stripe-routes.js";
export { handleCheckout } from "./stripe/stripe-checkout.js";
export { handleStripeWebhook } from "./stripe/stripe-webhook.js";
export { handleSuccess } from "./stripe/stripe-success.js";
export { UNCLAIMED_OBJECT } from "./stripe/stripe-options.js";
export type { StripeOptions, StripeSettings } from "./stripe/stripe-options.js";
