import { fieldError, parseInput } from "@userdo/core";
import * as v from "valibot";
import { checkCost, checkPolicies } from "../policy/policy.js";
import { RateLimitKeySchema, type RateLimitPolicy } from "../policy/policy-schema.js";

/** A time in milliseconds since the epoch, for tests and replays. */
export const NowSchema = v.pipe(
  v.number(),
  v.safeInteger(),
  v.minValue(0),
  fieldError("bad_rate_limit", "must be a non-negative integer of milliseconds"),
);

// `policies` (one policy or a list) and `cost` (bounded by the policies'
// smallest limit) are parsed next by their own schemas, once the request is an object.
const RequestSchema = v.object({
  key: RateLimitKeySchema,
  policies: v.optional(v.unknown()),
  cost: v.optional(v.unknown()),
  now: v.optional(NowSchema, () => Date.now()),
});

/** A `rateLimit` request as parsed at the object's entry: every field checked, `cost` and `now` filled in. */
export interface CheckedRateLimitRequest {
  readonly key: string;
  readonly policies: readonly RateLimitPolicy[];
  readonly cost: number;
  readonly now: number;
}

/**
 * Parses what a Worker sent `rateLimit`; a 400 `bad_rate_limit` names the
 * field (`policies[0].limit must be ...`).
 *
 * @example
 * ```ts
 * const request = readRateLimitRequest({ key: "ip:203.0.113.9", policies: { name: "anon", limit: 60, window: 60 } });
 * ```
 */
export function readRateLimitRequest(request: unknown): CheckedRateLimitRequest {
  const { key, policies, cost, now } = parseInput(RequestSchema, request, {
    code: "bad_rate_limit",
    name: "a rate limit request",
  });
  const checked = checkPolicies(policies);
  return { key, policies: checked, cost: checkCost(cost, checked), now };
}

/** `sweepRateLimits`' `now`: the time given, or the object's clock. */
export function readNow(now: unknown): number {
  return parseInput(
    v.optional(NowSchema, () => Date.now()),
    now,
    { root: "now" },
  );
}
