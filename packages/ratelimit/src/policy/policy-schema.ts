import { fieldError } from "@userdo/core";
import * as v from "valibot";

// A policy and a key, described once: checkPolicy, checkPolicies and checkKey
// parse with these, and the public RateLimitPolicy type is the schema's.

/**
 * Bounds on policies and calls, checked on both sides of the RPC.
 *
 * @example
 * ```ts
 * declare const policies: RateLimitPolicy[];
 * const tooMany = policies.length > POLICY_LIMITS.maxPolicies; // more than 8 per call
 * ```
 */
export const POLICY_LIMITS = Object.freeze({
  maxLimit: 1_000_000_000,
  maxWindow: 31_536_000,
  maxPolicies: 8,
  maxKeyLength: 512,
});

// The bucket counts in units of 1/(window in ms) of a token, so its capacity
// limit * window * 1000 must stay an exact integer.
const MAX_LIMIT_TIMES_WINDOW = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

const bad = <T>(message: string) => fieldError<T>("bad_rate_limit", message);

// The name goes into a Structured Field String unescaped: keep it to safe characters.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** One policy: a name, `limit` units per `window` seconds, with `limit * window` small enough to count exactly. */
export const PolicySchema = v.pipe(
  v.object({
    /** 1 to 64 characters of `A-Z a-z 0-9 _ . : -`, starting with a letter or digit. */
    name: v.pipe(
      v.string(),
      v.regex(NAME),
      bad("must be 1 to 64 characters of A-Z a-z 0-9 _ . : - starting with a letter or digit"),
    ),
    /** Units allowed per window: an integer from 1 to 1,000,000,000. */
    limit: v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(1),
      v.maxValue(POLICY_LIMITS.maxLimit),
      bad(`must be an integer from 1 to ${POLICY_LIMITS.maxLimit}`),
    ),
    /** The window in whole seconds, from 1 to one year (31,536,000). */
    window: v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(1),
      v.maxValue(POLICY_LIMITS.maxWindow),
      bad(`must be a whole number of seconds from 1 to ${POLICY_LIMITS.maxWindow}`),
    ),
  }),
  bad("must be an object"),
  v.check(({ limit, window }) => limit * window <= MAX_LIMIT_TIMES_WINDOW),
  bad(`must have limit * window of at most ${MAX_LIMIT_TIMES_WINDOW}`),
);

/**
 * A quota: `limit` units per `window` seconds, enforced as a token bucket that
 * holds `limit` tokens and refills continuously at `limit / window` tokens per
 * second. A full bucket allows a burst of `limit`; after that, one unit comes
 * back every `window / limit` seconds.
 *
 * `name` identifies the counter together with the key: two calls with the same
 * key and the same policy name share one bucket, whatever `limit` and `window`
 * they pass (a changed quota rescales the bucket, it never resets it). It is also
 * the policy's name in the `RateLimit-Policy` and `RateLimit` headers.
 *
 * @example
 * ```ts
 * const perMinute: RateLimitPolicy = { name: "anon", limit: 60, window: 60 };
 * const daily: RateLimitPolicy = { name: "daily", limit: 5000, window: 86_400 };
 * ```
 */
export type RateLimitPolicy = Readonly<v.InferInput<typeof PolicySchema>>;

/**
 * One policy or several; a request passes only if every policy allows it.
 *
 * @example
 * ```ts
 * const user: RateLimitPolicies = [{ name: "user", limit: 600, window: 60 }, { name: "user-day", limit: 20_000, window: 86_400 }];
 * ```
 */
export type RateLimitPolicies = RateLimitPolicy | readonly RateLimitPolicy[];

/** Several policies: 1 to 8, their names distinct (each name is its own counter). */
export const PolicyListSchema = v.pipe(
  v.array(PolicySchema),
  v.minLength(1),
  v.maxLength(POLICY_LIMITS.maxPolicies),
  bad(`must be 1 to ${POLICY_LIMITS.maxPolicies} policies`),
  v.check((list) => new Set(list.map((policy) => policy.name)).size === list.length),
  bad("must have distinct names"),
);

/** Whose counter: a string of 1 to 512 characters (stored as given: never a secret). */
export const RateLimitKeySchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(POLICY_LIMITS.maxKeyLength),
  bad(`must be a string of 1 to ${POLICY_LIMITS.maxKeyLength} characters`),
);

/**
 * The units a call takes (default 1): an integer from 0 (look without taking)
 * to `most`, the smallest limit among its policies (a larger cost could never
 * pass). Built per call, since its bound is the call's own policies'.
 */
export function costSchema(most: number) {
  return v.optional(
    v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(0),
      v.maxValue(most),
      bad(`must be an integer from 0 to ${most} (the smallest limit)`),
    ),
    1,
  );
}
