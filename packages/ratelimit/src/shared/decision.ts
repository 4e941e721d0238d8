import type { RateLimitPolicies } from "../policy/policy-schema.js";

/**
 * What a Worker asks a limiter object: take `cost` units from `key`'s bucket
 * under every policy, all or none.
 *
 * @example
 * ```ts
 * const decision = await env.RATE_LIMITER.getByName("shard-0").rateLimit({ key: "ip:203.0.113.9", policies: { name: "anon", limit: 60, window: 60 } });
 * ```
 */
export interface RateLimitRequest {
  /** Whose counter: `ip:<address or /64>`, `user:<id>`, any string of 1 to 512 characters. */
  readonly key: string;
  /** The quota(s) in force for this call; pass them on every call (they never reset the counter). */
  readonly policies: RateLimitPolicies;
  /** Units this request takes (default 1); 0 only looks. */
  readonly cost?: number | undefined;
  /**
   * The time in milliseconds since the epoch. Defaults to `Date.now()` inside
   * the object; pass it only in tests and replays (an earlier time than the
   * bucket's last one refills nothing).
   */
  readonly now?: number | undefined;
}

/**
 * One policy's state after a call, as the `RateLimit` header reports it.
 *
 * @example
 * ```ts
 * const status: PolicyStatus = { name: "anon", limit: 60, window: 60, remaining: 59, reset: 1 };
 * ```
 */
export interface PolicyStatus {
  readonly name: string;
  readonly limit: number;
  readonly window: number;
  /** Whole units available now; null when the backend cannot tell (Cloudflare's binding). */
  readonly remaining: number | null;
  /** Seconds until one more unit is available (0 when full): the draft's effective window `t`. */
  readonly reset: number;
}

/**
 * A limiter's answer: plain data, so it crosses RPC as is.
 *
 * @example
 * ```ts
 * declare const decision: RateLimitDecision;
 * if (!decision.allowed) console.log(`retry in ${decision.retryAfter} s`);
 * ```
 */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Seconds until this request would pass (at least 1 when denied); 0 when allowed. */
  readonly retryAfter: number;
  readonly policies: readonly PolicyStatus[];
}
