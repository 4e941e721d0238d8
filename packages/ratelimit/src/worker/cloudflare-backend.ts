import { UserDOError } from "@userdo/core";
import type { RateLimitDecision } from "../shared/decision.js";
import type { RateLimitPolicy } from "../policy/policy-schema.js";

/**
 * Asks Cloudflare's rate-limiting binding about `key` and shapes the answer
 * like a limiter object's. The binding knows no remaining budget, so allowed
 * answers carry `remaining: null` (no `RateLimit` field, only the policy), and
 * a denial says "retry after one period": the binding's window is its period,
 * the only bound it guarantees. A `cost` goes as the binding's `delta`; the
 * binding allows a call while its counter is below the limit, so the last
 * allowed call may take it past.
 *
 * @example
 * ```ts
 * const decision = await limitWithBinding(env.ANON_LIMIT, { name: "anon", limit: 100, window: 60 }, "ip:203.0.113.9", 1);
 * ```
 */
export async function limitWithBinding(
  binding: RateLimit,
  policy: RateLimitPolicy,
  key: string,
  cost: number,
): Promise<RateLimitDecision> {
  if (cost < 1)
    throw new UserDOError(400, "bad_rate_limit", "Cloudflare's rate limit binding cannot look without taking (cost 0)");
  const { success } = await binding.limit(cost === 1 ? { key } : { key, delta: cost });
  const { name, limit, window } = policy;
  return success
    ? { allowed: true, retryAfter: 0, policies: [{ name, limit, window, remaining: null, reset: 0 }] }
    : { allowed: false, retryAfter: window, policies: [{ name, limit, window, remaining: 0, reset: window }] };
}
