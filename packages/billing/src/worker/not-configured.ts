import { UserDOError } from "@userdo/core";

/**
 * A funding route whose secret this deploy has not set: a 404
 * `funding_not_configured` naming what to set, never a 500. The route is
 * mounted but the funding source is off here (a dev deploy, a deploy that
 * uses another source); to a caller it does not exist.
 *
 * @example
 * ```ts
 * if (!env.STRIPE_WEBHOOK_SECRET) throw fundingNotConfigured("Stripe webhooks", "STRIPE_WEBHOOK_SECRET (the webhookSecret option)");
 * ```
 */
export function fundingNotConfigured(what: string, set: string): UserDOError {
  return new UserDOError(404, "funding_not_configured", `${what} are not configured on this deploy: set ${set}`);
}
