import { fieldError, parseInput } from "@userdo/core";
import * as v from "valibot";
import { parseConfiguration } from "../shared/parse-configuration.js";

/** Most objects one hot key may be spread over. */
export const MAX_SPREAD = 64;

/** Most limiter objects `rateLimiter` shares keys among. */
export const MAX_SHARDS = 1024;

const ShardsSchema = v.optional(
  v.pipe(
    v.number(),
    v.safeInteger(),
    v.minValue(1),
    v.maxValue(MAX_SHARDS),
    fieldError("bad_ratelimit_options", `must be an integer from 1 to ${MAX_SHARDS}`),
  ),
  16,
);

/**
 * `rateLimiter`'s `shards` (default 16), or a ConfigurationError: it is the
 * app's setup, checked once when the limiter is built.
 *
 * @example
 * ```ts
 * const shards = checkShards(undefined); // 16
 * ```
 */
export function checkShards(shards: unknown): number {
  return parseConfiguration(ShardsSchema, shards, { root: "shards" });
}

/**
 * A call's `spread` (default 1): an integer from 1 to 64, and to the smallest
 * limit, so that each part keeps at least one unit; a 400 `bad_rate_limit`
 * otherwise. The schema is built per call, since its bound is the tier's.
 *
 * @example
 * ```ts
 * const parts = checkSpread(4, 60); // 4
 * ```
 */
export function checkSpread(spread: unknown, smallestLimit: number): number {
  const most = Math.min(MAX_SPREAD, smallestLimit);
  const schema = v.optional(
    v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(1),
      v.maxValue(most),
      fieldError("bad_rate_limit", `must be an integer from 1 to ${most}`),
    ),
    1,
  );
  return parseInput(schema, spread, { root: "spread" });
}
