// @userdo/billing/x402: agents pay per request with x402 (HTTP 402, PAYMENT-REQUIRED,
// PAYMENT-SIGNATURE, a facilitator, PAYMENT-RESPONSE). The only entry that imports
// @x402/core and @x402/evm: an app that does not import it bundles none of it.
export { x402Paid } from "./x402/x402-paid.js";
export { routePrice } from "./x402/x402-route.js";
export type { X402RouteOptions } from "./x402/x402-route.js";
export type { X402PaidOptions } from "./x402/x402-paid.js";
export { x402TopUp, X402TopUpAnswerSchema } from "./x402/top-up.js";
export type { X402TopUpAnswer, X402TopUpOptions } from "./x402/top-up.js";
export { x402Settings } from "./x402/x402-config.js";
export type { X402Asset, X402Settings, X402Vars } from "./x402/x402-config.js";
export {
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_RESPONSE_HEADER,
  PAYMENT_SIGNATURE_HEADER,
  paymentRequiredHeader,
  x402Requirements,
} from "./x402/requirements.js";
export { decodePayment, paymentMismatch, MAX_PAYMENT_HEADER } from "./x402/payment-check.js";
export type { DecodedPayment, PaymentMismatch } from "./x402/payment-check.js";
export { walletUser } from "./x402/x402-pay.js";
export { BALANCE_KEY_PREFIX } from "./x402/balance-key.js";
export { X402_SOURCE } from "./ledger/x402.js";
export type { X402ClaimOutcome, X402PaymentView, X402SettledResult } from "./ledger/x402.js";
export { x402OpenApi, x402Operation } from "./x402/x402-openapi.js";
export type { X402OpenApiOptions } from "./x402/x402-openapi.js";
export type {
  Network,
  PaymentPayload,
  PaymentRequired,
  PaymentRequirements,
  ResourceInfo,
  SettleResponse,
} from "./x402/x402-types.js";
