import { ConfigurationError, type InputSchema, type ParseOptions, UserDOError, parseInput } from "@userdo/core";
import type * as v from "valibot";

/**
 * {@link parseInput} for the app's own configuration (shards, sweep options):
 * the same schema and words, thrown as a {@link ConfigurationError}, since
 * only the app's developer can fix it (a 500 whose message a local request sees).
 *
 * @example
 * ```ts
 * const shards = parseConfiguration(v.optional(v.number(), 16), undefined, { root: "shards" }); // 16
 * ```
 */
export function parseConfiguration<const S extends InputSchema>(
  schema: S,
  value: unknown,
  options: ParseOptions,
): v.InferOutput<S> {
  try {
    return parseInput(schema, value, options);
  } catch (error) {
    if (error instanceof UserDOError) throw new ConfigurationError(error.code, error.message, { cause: error });
    throw error;
  }
}
