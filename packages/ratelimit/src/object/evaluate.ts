import { type SyncSql, UserDOError } from "@userdo/core";
import {
  expiresAt,
  levelAt,
  msUntilFits,
  msUntilNextUnit,
  remainingAt,
  scaleOf,
  take,
  toSeconds,
} from "../bucket/token-bucket.js";
import { checkCost, checkKey, checkPolicies } from "../policy/policy.js";
import { deleteExpired, readBucket, writeBucket } from "./bucket-table.js";
import type { RateLimitDecision, RateLimitRequest } from "../shared/decision.js";

/** Expired buckets each new bucket clears on its way in. */
const CLEARED_PER_NEW_BUCKET = 2;

/**
 * Decides one request against its buckets and stores what it took. Synchronous
 * from the first read to the last write, so concurrent requests to the object
 * are serialized by the platform and each sees the previous one's writes; the
 * writes of all policies commit together or not at all.
 *
 * Every new bucket also deletes up to two expired ones: while new keys keep
 * arriving, expired rows shrink faster than they can pile up, so a flood of
 * distinct keys leaves at most about two windows' worth of rows.
 *
 * @example
 * ```ts
 * const policies = { name: "anon", limit: 60, window: 60 };
 * const decision = evaluate(this.ctx.storage, this.sync, { key: "ip:203.0.113.9", policies }, Date.now());
 * ```
 */
export function evaluate(
  storage: DurableObjectStorage,
  sql: SyncSql<unknown>,
  request: RateLimitRequest,
  now: number,
): RateLimitDecision {
  if (typeof request !== "object" || request === null) {
    throw new UserDOError(400, "bad_rate_limit", "a rate limit request must be an object");
  }
  const key = checkKey(request.key);
  const policies = checkPolicies(request.policies);
  const cost = checkCost(request.cost, policies);

  return storage.transactionSync(() => {
    const stored = policies.map((policy) => readBucket(sql, key, policy.name));
    const levels = policies.map((policy, i) => levelAt(stored[i], policy, now));
    const waits = policies.map((policy, i) => msUntilFits(levels[i]!, policy, cost));
    const allowed = waits.every((ms) => ms === 0);

    if (allowed && cost > 0) {
      policies.forEach((policy, i) => {
        levels[i] = take(levels[i]!, policy, cost);
        // Never move a bucket's clock back: an earlier `now` must not refill it later.
        const at = Math.max(now, stored[i]?.updatedAt ?? now);
        writeBucket(
          sql,
          key,
          policy.name,
          { level: levels[i]!, scale: scaleOf(policy), updatedAt: at },
          expiresAt(levels[i]!, policy, at),
        );
      });
      const created = stored.filter((s) => s === undefined).length;
      if (created > 0) deleteExpired(sql, now, created * CLEARED_PER_NEW_BUCKET);
    }

    return {
      allowed,
      retryAfter: allowed ? 0 : Math.max(1, toSeconds(Math.max(...waits))),
      policies: policies.map((policy, i) => ({
        name: policy.name,
        limit: policy.limit,
        window: policy.window,
        remaining: remainingAt(levels[i]!, policy),
        reset: toSeconds(msUntilNextUnit(levels[i]!, policy)),
      })),
    };
  });
}
