import { UserDOError } from "@userdo/core";

/**
 * Money in userdo billing is an integer number of **units**: one unit is one
 * micro-dollar, so 1 USD = 1,000,000 units and 1 cent = 10,000 units. That is
 * fine enough for sub-cent prices per request ($0.0001 a request is 100 units)
 * and every sum stays an exact integer. There are no floats anywhere in the ledger.
 *
 * @example
 * ```ts
 * const perRequest = 100;                  // $0.0001
 * const topUp = 5 * UNITS_PER_USD;         // $5.00 = 5,000,000 units
 * ```
 */
export const UNITS_PER_USD = 1_000_000;

/**
 * Units in one cent (GitHub and Stripe amounts are in cents).
 *
 * @example
 * ```ts
 * const perRequest = UNITS_PER_CENT / 100; // 1/100 of a cent = 100 units
 * ```
 */
export const UNITS_PER_CENT = 10_000;

/**
 * The largest amount one operation may move: 10^15 units ($1,000,000,000).
 * Sums of such amounts stay far below `Number.MAX_SAFE_INTEGER` (about 9 * 10^15).
 *
 * @example
 * ```ts
 * assertAmount(MAX_AMOUNT + 1, "amount"); // throws a 400
 * ```
 */
export const MAX_AMOUNT = 1_000_000_000_000_000;

/**
 * Throws a 400 {@link UserDOError} unless `value` is an integer amount of units
 * in `[min, MAX_AMOUNT]`. Floats, strings, NaN and huge numbers are refused.
 *
 * @example
 * ```ts
 * assertAmount(input.amount, "amount");        // 0 .. MAX_AMOUNT
 * assertAmount(delta, "amount", -MAX_AMOUNT);  // may be negative
 * ```
 */
export function assertAmount(value: unknown, field: string, min = 0): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > MAX_AMOUNT) {
    throw new UserDOError(
      400,
      "bad_amount",
      `${field} must be an integer number of units (1 USD = ${UNITS_PER_USD}) from ${min} to ${MAX_AMOUNT}`,
    );
  }
}

/**
 * Cents (as GitHub and Stripe report them) to units, exactly.
 *
 * @example
 * ```ts
 * centsToUnits(500); // 5,000,000 units = $5
 * ```
 */
export function centsToUnits(cents: number): number {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_AMOUNT / UNITS_PER_CENT) {
    throw new UserDOError(400, "bad_amount", "an amount in cents must be a non-negative integer");
  }
  return cents * UNITS_PER_CENT;
}
