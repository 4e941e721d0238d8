import { fnv1a } from "@userdo/core";
import type { RateLimitPolicy } from "../policy/policy-schema.js";

/**
 * The name of the limiter object that holds `key`: `<prefix><n>` with n in
 * [0, shards), by core's FNV-1a of the key (stable across deploys, isolates
 * and runtimes, which is all a shard choice needs; it is not a defence against
 * a client choosing keys: the limit holds whichever object a key lands on).
 * Every policy of a key lives in the same object, so a call is one RPC and its
 * policies commit together.
 *
 * @example
 * ```ts
 * shardName("user:42", 16, "ratelimit:"); // "ratelimit:11", say
 * ```
 */
export function shardName(key: string, shards: number, prefix: string): string {
  return `${prefix}${fnv1a(key) % shards}`;
}

/**
 * Part `part` of `parts` of a hot key spread over several objects: its own
 * key (so it lands on its own shard) and its share of each limit. The shares
 * add up to the whole limit exactly (the first `limit % parts` parts get one
 * more).
 *
 * @example
 * ```ts
 * spreadPart("api-key:big", [{ name: "p", limit: 10, window: 1 }], 1, 4);
 * // { key: "api-key:big#1", policies: [{ name: "p", limit: 3, window: 1 }] }
 * ```
 */
export function spreadPart(
  key: string,
  policies: readonly RateLimitPolicy[],
  part: number,
  parts: number,
): { key: string; policies: RateLimitPolicy[] } {
  return {
    key: `${key}#${part}`,
    policies: policies.map((p) => ({ ...p, limit: Math.floor(p.limit / parts) + (part < p.limit % parts ? 1 : 0) })),
  };
}
