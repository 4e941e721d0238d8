import { UserDOError, fieldError, parseInput } from "@userdo/core";
import * as v from "valibot";

/**
 * Every amount in userdo billing (prices, balances, credits, limits) is an
 * integer number of **micro-dollars**: $1 = 1,000,000 and 1 cent = 10,000.
 * Fine enough for sub-cent prices ($0.0001 a request is 100) and every sum
 * stays an exact integer: there are no floats in the ledger. Write amounts
 * with {@link usd} and {@link cents}; show them with {@link formatUsd}.
 *
 * @example
 * ```ts
 * const price: Microdollars = cents(1); // 10,000
 * ```
 */
export type Microdollars = number;

/**
 * Micro-dollars in one dollar.
 *
 * @example
 * ```ts
 * const topUp = 5 * UNITS_PER_USD; // $5.00 = 5,000,000 micro-dollars
 * ```
 */
export const UNITS_PER_USD = 1_000_000;

/**
 * Micro-dollars in one cent (GitHub and Stripe amounts are in cents).
 *
 * @example
 * ```ts
 * const perRequest = UNITS_PER_CENT / 100; // 1/100 of a cent = 100 micro-dollars
 * ```
 */
export const UNITS_PER_CENT = 10_000;

/**
 * The largest amount one operation may move: 10^15 micro-dollars ($1,000,000,000).
 * Sums of such amounts stay far below `Number.MAX_SAFE_INTEGER` (about 9 * 10^15).
 *
 * @example
 * ```ts
 * assertAmount(MAX_AMOUNT + 1, "amount"); // throws a 400
 * ```
 */
export const MAX_AMOUNT = 1_000_000_000_000_000;

/** An integer amount of micro-dollars from `min` to MAX_AMOUNT; else `bad_amount`. */
export function amount(min = 0, description = "Micro-dollars ($1 = 1,000,000).") {
  return v.pipe(
    v.number(),
    v.safeInteger(),
    v.minValue(min),
    v.maxValue(MAX_AMOUNT),
    v.description(description),
    fieldError(
      "bad_amount",
      `must be an integer number of micro-dollars ($1 = 1,000,000; write usd(0.01) or cents(1)) from ${min} to ${MAX_AMOUNT}`,
    ),
  );
}

/**
 * Throws a 400 {@link UserDOError} (`bad_amount`) unless `value` is an integer
 * amount of micro-dollars in `[min, MAX_AMOUNT]` ({@link amount}). Floats,
 * strings, NaN and huge numbers are refused.
 *
 * @example
 * ```ts
 * declare const input: { amount: unknown }, delta: number;
 * assertAmount(input.amount, "amount");        // 0 .. MAX_AMOUNT
 * assertAmount(delta, "amount", -MAX_AMOUNT);  // may be negative
 * ```
 */
export function assertAmount(value: unknown, field: string, min = 0): asserts value is number {
  parseInput(amount(min), value, { root: field });
}

/**
 * Whole cents (as GitHub and Stripe report them) to micro-dollars, exactly.
 *
 * @example
 * ```ts
 * centsToUnits(500); // 5,000,000 = $5
 * ```
 */
export function centsToUnits(cents: number): number {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_AMOUNT / UNITS_PER_CENT) {
    throw new UserDOError(400, "bad_amount", "an amount in cents must be a non-negative integer");
  }
  return cents * UNITS_PER_CENT;
}

function exactly(value: number, scale: number, what: string): Microdollars {
  const exact = value * scale;
  const amount = Math.round(exact);
  // Binary fractions are noise (0.07 * 1e6 = 70000.00000000001); a sixth decimal place is not.
  const noise = Math.max(1e-6, Math.abs(exact) * 1e-12);
  if (!Number.isFinite(value) || Math.abs(exact - amount) > noise || Math.abs(amount) > MAX_AMOUNT) {
    throw new UserDOError(
      400,
      "bad_amount",
      `${what} must be a number of at most ${MAX_AMOUNT / UNITS_PER_USD} dollars, to the micro-dollar`,
    );
  }
  return amount + 0; // never -0
}

/**
 * Dollars to micro-dollars, exactly: the way to write a price. Refuses a
 * value finer than a micro-dollar (a 400) rather than rounding it.
 *
 * @example
 * ```ts
 * usd(0.01);   // 10,000
 * usd(0.0001); // 100
 * usd(5);      // 5,000,000
 * ```
 */
export function usd(dollars: number): Microdollars {
  return exactly(dollars, UNITS_PER_USD, "usd()");
}

/**
 * Cents to micro-dollars, exactly (fractions of a cent allowed, down to 1/10,000).
 *
 * @example
 * ```ts
 * cents(1);    // 10,000
 * cents(0.01); // 100
 * ```
 */
export function cents(amount: number): Microdollars {
  return exactly(amount, UNITS_PER_CENT, "cents()");
}

/**
 * Micro-dollars as dollars for display: `$4.92`, with more digits only for
 * fractions of a cent (`$0.0001`). Integer arithmetic, no float rounding.
 *
 * @example
 * ```ts
 * formatUsd(4_920_000); // "$4.92"
 * formatUsd(100);       // "$0.0001"
 * formatUsd(-1_500);    // "-$0.0015"
 * ```
 */
export function formatUsd(amount: Microdollars): string {
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / UNITS_PER_USD);
  const fraction = String(abs % UNITS_PER_USD).padStart(6, "0");
  const digits = fraction.replace(/0+$/, "").length;
  return `${sign}$${whole.toLocaleString("en-US")}.${fraction.slice(0, Math.max(2, digits))}`;
}
