export { billing } from "./plugin/billing-plugin.js";
export type { BillingPlugin } from "./plugin/billing-plugin.js";
export type { BillingOptions, MeteringPlan, WorkPrices } from "./settings.js";
export { UNITS_PER_USD, UNITS_PER_CENT, MAX_AMOUNT, assertAmount, centsToUnits } from "./money.js";
