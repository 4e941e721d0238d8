import { UserDOError } from "@userdo/core";

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
export interface RateLimitPolicy {
  /** 1 to 64 characters of `A-Z a-z 0-9 _ . : -`, starting with a letter or digit. */
  readonly name: string;
  /** Units allowed per window: an integer from 1 to 1,000,000,000. */
  readonly limit: number;
  /** The window in whole seconds, from 1 to one year (31,536,000). */
  readonly window: number;
}

/**
 * One policy or several; a request passes only if every policy allows it.
 *
 * @example
 * ```ts
 * const user: RateLimitPolicies = [{ name: "user", limit: 600, window: 60 }, { name: "user-day", limit: 20_000, window: 86_400 }];
 * ```
 */
export type RateLimitPolicies = RateLimitPolicy | readonly RateLimitPolicy[];

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

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

function badInput(message: string): UserDOError {
  return new UserDOError(400, "bad_rate_limit", message);
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Checks one policy and returns a frozen copy, or throws a 400 `UserDOError`
 * (`bad_rate_limit`) that names the problem.
 *
 * @example
 * ```ts
 * const policy = checkPolicy({ name: "anon", limit: 60, window: 60 });
 * ```
 */
export function checkPolicy(policy: unknown): RateLimitPolicy {
  if (typeof policy !== "object" || policy === null) throw badInput("a rate limit policy must be an object");
  const { name, limit, window } = policy as Record<string, unknown>;
  // The name goes into a Structured Field String unescaped: keep it to safe characters.
  if (typeof name !== "string" || !NAME.test(name)) {
    throw badInput("a policy name must be 1 to 64 characters of A-Z a-z 0-9 _ . : - starting with a letter or digit");
  }
  if (!isIntegerIn(limit, 1, POLICY_LIMITS.maxLimit)) {
    throw badInput(`policy "${name}": limit must be an integer from 1 to ${POLICY_LIMITS.maxLimit}`);
  }
  if (!isIntegerIn(window, 1, POLICY_LIMITS.maxWindow)) {
    throw badInput(`policy "${name}": window must be a whole number of seconds from 1 to ${POLICY_LIMITS.maxWindow}`);
  }
  // The bucket counts in units of 1/(window in ms) of a token, so its capacity
  // limit * window * 1000 must stay an exact integer.
  if (limit * window * 1000 > Number.MAX_SAFE_INTEGER) {
    throw badInput(
      `policy "${name}": limit * window is too large (at most ${Math.floor(Number.MAX_SAFE_INTEGER / 1000)})`,
    );
  }
  return Object.freeze({ name, limit, window });
}

/**
 * Checks one policy or a list of them (1 to 8, names distinct) and returns a
 * frozen list.
 *
 * @example
 * ```ts
 * const policies = checkPolicies([{ name: "burst", limit: 10, window: 1 }, { name: "daily", limit: 5000, window: 86_400 }]);
 * ```
 */
export function checkPolicies(policies: unknown): readonly RateLimitPolicy[] {
  const list = Array.isArray(policies) ? policies : [policies];
  if (list.length === 0 || list.length > POLICY_LIMITS.maxPolicies) {
    throw badInput(`give 1 to ${POLICY_LIMITS.maxPolicies} rate limit policies`);
  }
  const checked = list.map(checkPolicy);
  const names = new Set(checked.map((p) => p.name));
  if (names.size !== checked.length) throw badInput("two rate limit policies have the same name");
  return Object.freeze(checked);
}

/**
 * Checks a rate-limit key: a string of 1 to 512 characters. Never pass a
 * secret (an API token) as the key; pass its id: keys are stored as given.
 *
 * @example
 * ```ts
 * checkKey(`user:${user}`);
 * ```
 */
export function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > POLICY_LIMITS.maxKeyLength) {
    throw badInput(`a rate limit key must be a string of 1 to ${POLICY_LIMITS.maxKeyLength} characters`);
  }
  return key;
}

/**
 * Checks the units a request costs: an integer from 0 (look without taking) up
 * to the smallest limit among the policies (a larger cost could never pass).
 *
 * @example
 * ```ts
 * checkCost(3, [{ name: "anon", limit: 60, window: 60 }]);
 * ```
 */
export function checkCost(cost: unknown, policies: readonly RateLimitPolicy[]): number {
  if (cost === undefined) return 1;
  const most = Math.min(...policies.map((p) => p.limit));
  if (!isIntegerIn(cost, 0, most)) throw badInput(`cost must be an integer from 0 to ${most} (the smallest limit)`);
  return cost;
}
