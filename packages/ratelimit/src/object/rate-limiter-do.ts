import { UserDO, withPlugins } from "@userdo/core";
import { ratelimitPlugin } from "./ratelimit-plugin.js";

/**
 * The ready limiter object: {@link ratelimitPlugin} on a UserDO, owning its
 * alarm for cleanup. Export it from your Worker and bind it; the Worker-side
 * {@link rateLimiter} spreads keys over a fixed set of these objects by a hash
 * of the key, so each object holds many keys in one table.
 *
 * @example
 * ```ts
 * // src/index.ts
 * export { RateLimiterDO } from "@userdo/ratelimit";
 * // wrangler.jsonc
 * // "durable_objects": { "bindings": [{ "name": "RATE_LIMITER", "class_name": "RateLimiterDO" }] },
 * // "migrations": [{ "tag": "v1", "new_sqlite_classes": ["RateLimiterDO"] }]
 * ```
 */
export class RateLimiterDO extends withPlugins(UserDO, ratelimitPlugin({ ownsAlarm: true })) {
  /** Sweeps refilled buckets; re-arms only while buckets remain. */
  override async alarm(): Promise<void> {
    await this.sweepRateLimits({ inAlarm: true });
  }
}
