import { parseInput } from "@userdo/core";
import {
  PolicyListSchema,
  PolicySchema,
  RateLimitKeySchema,
  type RateLimitPolicy,
  costSchema,
} from "./policy-schema.js";

// Each check parses with its schema (policy-schema.ts) and throws a 400
// `UserDOError` (`bad_rate_limit`) naming the field: a policy also reaches a
// limiter object as an RPC argument, where it is the caller's input.

/**
 * Checks one policy and returns a frozen copy, or throws a 400 `UserDOError`
 * (`bad_rate_limit`) that names the field (`policy.limit must be ...`; `root`
 * names the policy otherwise, as a tier does).
 *
 * @example
 * ```ts
 * const policy = checkPolicy({ name: "anon", limit: 60, window: 60 });
 * ```
 */
export function checkPolicy(policy: unknown, root = "policy"): RateLimitPolicy {
  return Object.freeze(parseInput(PolicySchema, policy, { code: "bad_rate_limit", root }));
}

/**
 * Checks one policy or a list of them (1 to 8, names distinct) and returns a
 * frozen list; a 400 names the field (`policies[1].window must be ...`).
 *
 * @example
 * ```ts
 * const policies = checkPolicies([{ name: "burst", limit: 10, window: 1 }, { name: "daily", limit: 5000, window: 86_400 }]);
 * ```
 */
export function checkPolicies(policies: unknown, root = "policies"): readonly RateLimitPolicy[] {
  if (!Array.isArray(policies)) return Object.freeze([checkPolicy(policies, root)]);
  const list = parseInput(PolicyListSchema, policies, { code: "bad_rate_limit", root });
  return Object.freeze(list.map((policy) => Object.freeze(policy)));
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
  return parseInput(RateLimitKeySchema, key, { root: "key" });
}

/**
 * Checks the units a request costs: an integer from 0 (look without taking) up
 * to the smallest limit among the policies (a larger cost could never pass);
 * 1 when undefined.
 *
 * @example
 * ```ts
 * checkCost(3, [{ name: "anon", limit: 60, window: 60 }]);
 * ```
 */
export function checkCost(cost: unknown, policies: readonly RateLimitPolicy[]): number {
  const most = Math.min(...policies.map((p) => p.limit));
  return parseInput(costSchema(most), cost, { root: "cost" });
}
