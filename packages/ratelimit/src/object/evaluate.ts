import type { SyncSql } from "@userdo/core";
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
import { deleteExpired, readBucket, writeBucket } from "./bucket-table.js";
import type { RateLimitDecision } from "../shared/decision.js";
import type { CheckedRateLimitRequest } from "./request-input.js";

/** Expired buckets each new bucket clears on its way in. */
const CLEARED_PER_NEW_BUCKET = 2;

/**
 * Decides one request, parsed at the object's entry, against its buckets and
 * stores what it took. Synchronous from the first read to the last write, so
 * concurrent requests to the object are serialized by the platform and each
 * sees the previous one's writes; the writes of all policies commit together
 * or not at all.
 *
 * Every new bucket also deletes up to two expired ones: while new keys keep
 * arriving, expired rows shrink faster than they can pile up, so a flood of
 * distinct keys leaves at most about two windows' worth of rows.
 *
 * @example
 * ```ts
 * const request = readRateLimitRequest({ key: "ip:203.0.113.9", policies: { name: "anon", limit: 60, window: 60 } });
 * const decision = evaluate(this.ctx.storage, this.sync, request);
 * ```
 */
export function evaluate(
  storage: DurableObjectStorage,
  sql: SyncSql<unknown>,
  { key, policies, cost, now }: CheckedRateLimitRequest,
): RateLimitDecision {
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
