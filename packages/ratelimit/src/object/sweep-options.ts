import { fieldError } from "@userdo/core";
import * as v from "valibot";
import { parseConfiguration } from "../shared/parse-configuration.js";
import { DEFAULT_SWEEP, type SweepOptions } from "./sweeper.js";

const positive = (fallback: number, words: string) =>
  v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), fieldError("bad_ratelimit_options", words)), fallback);

/** The plugin's `sweep` option: each field a positive integer, the default where left out. */
export const SweepOptionsSchema = v.object({
  interval: positive(DEFAULT_SWEEP.interval, "must be a positive integer of milliseconds"),
  batch: positive(DEFAULT_SWEEP.batch, "must be a positive integer"),
});

/**
 * The sweep options with their defaults, or a ConfigurationError naming the
 * field (`sweep.interval must be ...`): they are the app's setup, not a caller's input.
 *
 * @example
 * ```ts
 * const sweep = checkSweepOptions({ batch: 200 }); // { interval: 60_000, batch: 200 }
 * ```
 */
export function checkSweepOptions(sweep: Partial<SweepOptions> | undefined): SweepOptions {
  return Object.freeze(parseConfiguration(SweepOptionsSchema, sweep ?? {}, { root: "sweep" }));
}
