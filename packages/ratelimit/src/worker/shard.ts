import type { RateLimitPolicy } from "../policy/policy.js";

const encoder = new TextEncoder();

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes: stable across deploys, isolates and
 * runtimes, which is all a shard choice needs (it is not a defence against a
 * client choosing keys; the limit holds whichever object a key lands on).
 *
 * @example
 * ```ts
 * fnv1a32("ip:203.0.113.9"); // the same number everywhere, forever
 * ```
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The name of the limiter object that holds `key`: `<prefix><n>` with n in
 * [0, shards). Every policy of a key lives in the same object, so a call is
 * one RPC and its policies commit together.
 *
 * @example
 * ```ts
 * shardName("user:42", 16, "ratelimit:"); // "ratelimit:11", say
 * ```
 */
export function shardName(key: string, shards: number, prefix: string): string {
  return `${prefix}${fnv1a32(key) % shards}`;
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
