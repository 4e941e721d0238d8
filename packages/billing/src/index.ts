// @userdo/billing: the ledger, for an app that knows who its user is. Nothing
// here imports @userdo/auth or stripe (see ./auth.ts and ./stripe.ts).

// Inside the object: the plugin and its ledger.
export { billing } from "./billing-plugin.js";
export type { BillingPlugin } from "./billing-plugin.js";
export type { BillingOptions, MeteringPlan, WorkPrices } from "./settings.js";
export {
  usd,
  cents,
  formatUsd,
  UNITS_PER_USD,
  UNITS_PER_CENT,
  MAX_AMOUNT,
  assertAmount,
  centsToUnits,
} from "./shared/money.js";
export type { Microdollars } from "./shared/money.js";
export { PaymentRequiredError } from "./ledger/charge-errors.js";
export type {
  AccountView,
  ChargeInput,
  ChargeOutcome,
  ChargeReceipt,
  ChargeRefusal,
  Payer,
  RefusalReason,
  ReplicatedBilling,
} from "./shared/ledger-types.js";
export type { HoldInput, HoldOutcome, HoldReceipt } from "./ledger/holds.js";
export { MAX_IMPORT_CHARGES } from "./ledger/import.js";
export type { ImportedCharge } from "./ledger/import.js";
export type { CreditInput, CreditResult } from "./ledger/credit.js";
export type { AdjustInput, AdjustResult } from "./ledger/adjust.js";
export type { Usage, UsageQuery, DailyUsage, ChargeLine } from "./ledger/usage.js";
export type { Work } from "./ledger/metering.js";
export type { MeterOutcome, MeterReceipt } from "./shared/ledger-types.js";
export { workCost } from "./ledger/metering.js";
export type { Metadata } from "./shared/validate.js";
export {
  ChargeInputSchema,
  CreditInputSchema,
  HoldInputSchema,
  AdjustInputSchema,
  PaidStartSchema,
  UsageQuerySchema,
  ImportSchema,
  StripePaymentSchema,
} from "./shared/inputs.js";
export { Key, Source, SourceName, MetadataField, amount } from "./shared/fields.js";
export type { HoldStatus, BillingDB } from "./ledger/schema/billing-db.js";
export { billingMigrations } from "./ledger/schema/billing-migrations.js";
export type { ObjectCharge } from "./plugin/ledger-methods.js";
export type { LedgerAudit } from "./plugin/account-methods.js";

// In the Worker: paid work, charged once per key.
export { paid } from "./worker/paid.js";
export type { PaidOptions } from "./worker/paid.js";
export type { PaidSettings, PaidWork } from "./worker/paid-run.js";
export { REPLAYED_HEADER, DEFAULT_MAX_ANSWER_BYTES, fingerprintOf } from "./worker/paid-answer.js";
export { PAID_LEASE_MS, MAX_ANSWER_BYTES } from "./ledger/paid.js";
export type {
  PaidStart,
  PaidStartOutcome,
  PaidStarted,
  PaidReplayed,
  PaidRefused,
  PaidAnswer,
  PaidFinished,
} from "./shared/paid-types.js";
export { IDEMPOTENCY_KEY_HEADER } from "./worker/request-key.js";

// In the Worker: the rest.
export { sourceOf } from "./worker/source.js";
export { billingErrorResponse, paymentRequired, unauthenticated } from "./worker/payment-required.js";
export type { PaymentRequiredInfo } from "./worker/payment-required.js";
export { requestKey } from "./worker/request-key.js";
export { meterRequest } from "./worker/meter.js";
export type { MeterOptions, MeterResult } from "./worker/meter.js";
export { aggregateBillingStats } from "./worker/stats.js";
export type { BillingStats, BillingStatsSource } from "./worker/stats.js";
export { masterBillingStats } from "./worker/master-stats.js";
export type { BillingObject, BillingNamespace, UsersOption } from "./shared/billing-object.js";
export type { UsersFrom } from "./worker/users.js";

// Funding: GitHub Sponsors (Stripe's routes are in @userdo/billing/stripe).
export { handleGithubWebhook, parseSponsorship } from "./worker/github-webhook.js";
export type { GithubWebhookOptions } from "./worker/github-webhook.js";
export { reconcileSponsors } from "./funding/github-reconcile.js";
export type { ReconcileOptions, ReconcileReport } from "./funding/github-reconcile.js";
export { cyclesBegun } from "./funding/sponsorship.js";
export type { SponsorshipResult } from "./funding/sponsorship.js";
export { SPONSORSHIP_ACTIONS } from "./shared/sponsorship-change.js";
export type { SponsorshipAction, SponsorshipChange } from "./shared/sponsorship-change.js";
export type { StripePayment, StripePaymentResult } from "./funding/stripe-payment.js";
