import type { RateLimitPolicy } from "../policy/policy-schema.js";

/**
 * A stored bucket: how full it is and when that was measured.
 *
 * The bucket counts "debt": the units taken and not yet refilled. It is kept
 * as an integer in units of 1/`scale` of a unit, where `scale` is the policy's
 * window in milliseconds. In those units a policy of `limit` per window refills
 * exactly `limit` per millisecond, so every step below is integer arithmetic:
 * no rounding drift, and headers that tests can assert exactly.
 *
 * @example
 * ```ts
 * // 2 units taken under 10 per 60 s, measured at t = 1000 ms
 * const state: BucketState = { level: 2 * 60_000, scale: 60_000, updatedAt: 1000 };
 * ```
 */
export interface BucketState {
  readonly level: number;
  readonly scale: number;
  readonly updatedAt: number;
}

/** The policy's window in milliseconds: the scale its bucket counts in. */
export function scaleOf(policy: RateLimitPolicy): number {
  return policy.window * 1000;
}

/** A full debt: `limit` units, in the policy's scale. */
export function capacityOf(policy: RateLimitPolicy): number {
  return policy.limit * scaleOf(policy);
}

/**
 * The bucket's debt at `now` under `policy`, in the policy's scale: what was
 * stored, less what has refilled since. A bucket stored under another window
 * is rescaled (the fraction of a unit is kept, rounded against the caller) and
 * a bucket over a lowered quota is capped at full: a changed policy changes
 * the rate, it never forgives what was taken.
 *
 * @example
 * ```ts
 * levelAt(undefined, { name: "anon", limit: 60, window: 60 }, Date.now()); // 0: a bucket never seen is empty of debt
 * ```
 */
export function levelAt(state: BucketState | undefined, policy: RateLimitPolicy, now: number): number {
  if (!state) return 0;
  const scale = scaleOf(policy);
  let level = state.scale === scale ? state.level : Math.ceil((state.level / state.scale) * scale);
  level = Math.min(level, capacityOf(policy));
  // Time never runs backwards for a bucket: an earlier `now` refills nothing.
  const elapsed = Math.max(0, now - state.updatedAt);
  if (elapsed >= scale) return 0;
  return Math.max(0, level - elapsed * policy.limit);
}

/** Whole units still available at this debt. */
export function remainingAt(level: number, policy: RateLimitPolicy): number {
  return Math.floor((capacityOf(policy) - level) / scaleOf(policy));
}

/**
 * Milliseconds until one more whole unit is available (the effective window
 * during which `remainingAt` is all a client can use); 0 when the bucket is full.
 */
export function msUntilNextUnit(level: number, policy: RateLimitPolicy): number {
  if (level <= 0) return 0;
  const target = capacityOf(policy) - (remainingAt(level, policy) + 1) * scaleOf(policy);
  return Math.ceil((level - target) / policy.limit);
}

/** Milliseconds until `cost` units fit; 0 when they fit now. */
export function msUntilFits(level: number, policy: RateLimitPolicy, cost: number): number {
  const excess = level + cost * scaleOf(policy) - capacityOf(policy);
  return excess <= 0 ? 0 : Math.ceil(excess / policy.limit);
}

/** The debt after taking `cost` units (the caller checked that they fit). */
export function take(level: number, policy: RateLimitPolicy, cost: number): number {
  return level + cost * scaleOf(policy);
}

/**
 * When this debt is fully refilled: from then on the bucket is the same as one
 * never seen, so its row can be deleted without changing any answer.
 */
export function expiresAt(level: number, policy: RateLimitPolicy, now: number): number {
  return now + Math.ceil(level / policy.limit);
}

/** Whole seconds for a header, rounded up so a client never comes back early. */
export function toSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
