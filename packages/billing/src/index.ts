// Inside the object: the plugin and its ledger.
export { billing } from "./plugin/billing-plugin.js";
export type { BillingPlugin } from "./plugin/billing-plugin.js";
export type { BillingOptions, MeteringPlan, WorkPrices } from "./settings.js";
export { UNITS_PER_USD, UNITS_PER_CENT, MAX_AMOUNT, assertAmount, centsToUnits } from "./money.js";
export type {
  AccountView,
  ChargeInput,
  ChargeOutcome,
  ChargeReceipt,
  ChargeRefusal,
  Payer,
  RefusalReason,
  ReplicatedBilling,
} from "./ledger/types.js";
export type { HoldInput, HoldOutcome, HoldReceipt } from "./ledger/holds.js";
export { MAX_IMPORT_CHARGES } from "./ledger/import.js";
export type { ImportedCharge } from "./ledger/import.js";
export type { CreditInput, CreditResult } from "./ledger/credit.js";
export type { AdjustInput, AdjustResult } from "./ledger/adjust.js";
export type { Usage, UsageQuery, DailyUsage, ChargeLine } from "./ledger/usage.js";
export type { MeterOutcome, MeterReceipt, Work } from "./ledger/metering.js";
export { workCost } from "./ledger/metering.js";
export type { Metadata } from "./ledger/validate.js";
export type { HoldStatus, BillingDB } from "./ledger/schema.js";
export { billingMigrations } from "./ledger/schema.js";
export type { PaidCall, Authenticated, Unauthenticated, CallOptions } from "./plugin/paid-call.js";
export type { LedgerAudit, WorkCharge } from "./plugin/ledger-methods.js";

// In the Worker: charging, the sponsorflare switch, routes.
export { charge, chargeCaller, sourceOf } from "./worker/charge.js";
export type { ChargeOptions, ChargeRequest, ChargeResult, Charged, NotCharged } from "./worker/charge.js";
export { readAccount } from "./worker/account.js";
export type { CallerAccount } from "./worker/account.js";
export { getSponsor, sponsorflareCentsToUnits } from "./worker/get-sponsor.js";
export type { GetSponsorOptions, Sponsor } from "./worker/get-sponsor.js";
export { paymentRequired, unauthenticated } from "./worker/payment-required.js";
export type { PaymentRequiredInfo } from "./worker/payment-required.js";
export { requestKey } from "./worker/request-key.js";
export { billingRoutes } from "./worker/billing-routes.js";
export type { BillingRoutesOptions } from "./worker/billing-routes.js";
export { ADMIN_SCOPE, requireAdmin } from "./worker/admin-routes.js";
export type { AdminOptions } from "./worker/admin-routes.js";
export { aggregateBillingStats } from "./worker/stats.js";
export type { BillingStats, BillingStatsSource } from "./worker/stats.js";
export type { BillingObject, BillingNamespace, UsersOption } from "./worker/options.js";
export type { UsersFrom } from "./worker/users.js";

// Funding sources.
export { handleGithubWebhook, parseSponsorship } from "./funding/github-webhook.js";
export type { GithubWebhookOptions } from "./funding/github-webhook.js";
export { reconcileSponsors } from "./funding/github-reconcile.js";
export type { ReconcileOptions, ReconcileReport } from "./funding/github-reconcile.js";
export { SPONSORSHIP_ACTIONS, cyclesBegun } from "./funding/sponsorship.js";
export type { SponsorshipAction, SponsorshipChange, SponsorshipResult } from "./funding/sponsorship.js";
export { handleCheckout, stripeClient } from "./funding/stripe-checkout.js";
export { handleStripeWebhook } from "./funding/stripe-webhook.js";
export { handleSuccess } from "./funding/stripe-success.js";
export { UNCLAIMED_OBJECT } from "./funding/stripe-options.js";
export type { StripeOptions } from "./funding/stripe-options.js";
export type { StripePayment, StripePaymentResult } from "./funding/stripe-payment.js";
export { meterRequest } from "./worker/meter.js";
export type { MeterOptions, MeterResult } from "./worker/meter.js";
export { masterBillingStats } from "./worker/master-stats.js";
