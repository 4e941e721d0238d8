import { cents } from "@userdo/billing";

/**
 * What one call of the paid route costs: one cent, in micro-dollars (10,000).
 * Money is integers everywhere; only display turns it into dollars.
 *
 * @example
 * ```ts
 * import { paid } from "@userdo/billing/auth";
 *
 * return paid(request, env, { price: PRICE_PER_REQUEST, payUrl: DEFAULT_PAY_URL }, ({ balance }) => Response.json({ balance }));
 * ```
 */
export const PRICE_PER_REQUEST = cents(1);

/** Where a user without funds is sent when `PAY_URL` is not configured. */
export const DEFAULT_PAY_URL = "https://github.com/sponsors";

/** Micro-dollars as dollars for display: `$4.92`, `$0.0001` (billing's `formatUsd`). */
export { formatUsd } from "@userdo/billing";
