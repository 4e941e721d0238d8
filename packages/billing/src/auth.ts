// @userdo/billing/auth: billing for an app that logs its users in with
// @userdo/auth. The payer of a request is its session or API token, verified
// in the user's object in the same transaction as the charge.

// Inside the object: `billing()` with the methods that take a credential.
export { billing } from "./auth/billing-plugin.js";
export type { BillingPlugin } from "./auth/billing-plugin.js";
export type { PaidCall, Authenticated, Unauthenticated, CallOptions } from "./auth/plugin/paid-call.js";

// In the Worker: paid work, the payer being the request's session or token.
export { paid } from "./auth/worker/paid.js";
export type { CallerPaidOptions, CallerPaidWork } from "./auth/worker/paid.js";

// In the Worker: the rest.
export { charge, chargeCaller } from "./auth/worker/charge.js";
export type { ChargeOptions, ChargeRequest, ChargeResult, Charged, NotCharged } from "./auth/worker/charge.js";
export { readAccount } from "./auth/worker/account.js";
export type { CallerAccount } from "./auth/worker/account.js";
export { getSponsor, sponsorflareCentsToUnits } from "./auth/worker/get-sponsor.js";
export type { GetSponsorOptions, Sponsor } from "./auth/worker/get-sponsor.js";
export { billingRoutes } from "./auth/worker/billing-routes.js";
export type { BillingRoutesOptions } from "./auth/worker/billing-routes.js";
export { billingOpenApi, paidOperation } from "./auth/worker/billing-openapi.js";
export type { BillingOpenApiOptions } from "./auth/worker/billing-openapi.js";
export { AdjustBody, CreditLimitBody, UsageQueryString } from "./auth/worker/route-inputs.js";
export type { FundingRoutes, RouteHandler } from "./auth/worker/funding-routes.js";
export { requireAdmin } from "./auth/worker/admin-routes.js";
export { ADMIN_SCOPE, READ_SCOPE, TOP_UP_SCOPE } from "./auth/worker/scopes.js";
export type { AdminOptions } from "./auth/worker/admin-routes.js";
export type { BillingObject, BillingNamespace, UsersOption, UsersFrom } from "./auth/worker/options.js";
