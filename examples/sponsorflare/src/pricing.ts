import { UNITS_PER_USD } from "@userdo/billing";

/**
 * What one call of the paid route costs, in billing units (1 USD = 1,000,000
 * units): one cent. Money is integers everywhere; only display turns it into dollars.
 *
 * @example
 * ```ts
 * const paid = await charge(request, env, { amount: PRICE_PER_REQUEST });
 * ```
 */
export const PRICE_PER_REQUEST = 10_000;

/** Where a user without funds is sent when `PAY_URL` is not configured. */
export const DEFAULT_PAY_URL = "https://github.com/sponsors";

/**
 * Units as dollars for display: `$4.92`, with more digits only when a value
 * has fractions of a cent (`$0.0001`). Integer arithmetic, no float rounding.
 *
 * @example
 * ```ts
 * formatUsd(4_920_000); // "$4.92"
 * formatUsd(100);       // "$0.0001"
 * ```
 */
export function formatUsd(units: number): string {
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  const whole = Math.floor(abs / UNITS_PER_USD);
  const fraction = String(abs % UNITS_PER_USD).padStart(6, "0");
  const digits = fraction.replace(/0+$/, "").length;
  return `${sign}$${whole.toLocaleString("en-US")}.${fraction.slice(0, Math.max(2, digits))}`;
}
