import { UserDOError } from "../errors.js";

/** Most shards a master may be split into: `masterShards(env.MASTER, MAX_SHARDS)` asks each one. */
export const MAX_SHARDS = 1024;

/** The prefix of master shard names: shard i of a namespace is the object named `master-${i}`. */
export const SHARD_PREFIX = "master-";

const encoder = new TextEncoder();

/**
 * FNV-1a (32 bit) over the UTF-8 bytes of `text`: stable across deploys,
 * runtimes and languages, which is all a shard hash needs. The master's shards
 * and ratelimit's limiter objects both use it.
 *
 * @example
 * ```ts
 * fnv1a("a"); // 0xe40c292c
 * ```
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Throws a 400 unless `shards` is a whole number from 1 to {@link MAX_SHARDS}. */
export function assertShardCount(shards: unknown): asserts shards is number {
  if (typeof shards !== "number" || !Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new UserDOError(400, "bad_shards", `shards must be a whole number from 1 to ${MAX_SHARDS}`);
  }
}

/**
 * The shard (0 to shards - 1) that holds `source`'s rows.
 *
 * @example
 * ```ts
 * shardOf("octocat", 4); // always the same number for "octocat" and 4 shards
 * ```
 */
export function shardOf(source: string, shards: number): number {
  assertShardCount(shards);
  return fnv1a(source) % shards;
}

/**
 * The object name of shard `index`.
 *
 * @example
 * ```ts
 * const stub = env.MASTER.get(env.MASTER.idFromName(shardName(shardOf(user, 4))));
 * ```
 */
export function shardName(index: number): string {
  return `${SHARD_PREFIX}${index}`;
}

/** The shard index in a shard's object name, or null when the name is not a shard name. */
export function shardIndexOf(name: string | null): number | null {
  if (name === null || !name.startsWith(SHARD_PREFIX)) return null;
  const index = Number(name.slice(SHARD_PREFIX.length));
  return Number.isInteger(index) && index >= 0 ? index : null;
}
