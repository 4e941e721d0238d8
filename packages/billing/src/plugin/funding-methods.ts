import type { PluginContext } from "@userdo/core";
import { type SponsorshipResult, applySponsorshipSync, assertSponsorshipChange } from "../funding/sponsorship.js";
import type { SponsorshipChange } from "../shared/sponsorship-change.js";
import { type StripePayment, type StripePaymentResult, applyStripePaymentSync } from "../funding/stripe-payment.js";

/**
 * The funding sources' RPC methods, called by the Worker's webhook routes and
 * the reconciliation after they verified the source. Each applies its event in
 * one transaction and is idempotent on the source's own ids.
 *
 * @example
 * ```ts
 * await userStub(env.USERS, "583231").billingSponsorship({
 *   deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
 *   action: "created",
 *   sponsorshipId: "S_kwHOAAn5Ks4AAV2B",
 *   createdAt: Date.now(),
 *   tierCents: 500,
 *   oneTime: false,
 * });
 * ```
 */
export const fundingMethods = {
  /** Applies a GitHub sponsorship delivery or reconciliation snapshot. */
  billingSponsorship(this: PluginContext, change: SponsorshipChange): SponsorshipResult {
    assertSponsorshipChange(change);
    return this.ctx.storage.transactionSync(() => applySponsorshipSync(this, change, Date.now()));
  },

  /** Credits a paid Stripe Checkout session once. */
  billingStripePayment(this: PluginContext, payment: StripePayment): StripePaymentResult {
    return this.ctx.storage.transactionSync(() => applyStripePaymentSync(this, payment, Date.now()));
  },
};
