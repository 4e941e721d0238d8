import * as v from "valibot";
import { fieldError } from "../schema/parse-input.js";

const DEFAULTS = { concurrency: 6, batch: 50 };

const whole = (fallback: number, max: number) =>
  v.optional(
    v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(1),
      v.maxValue(max),
      fieldError("bad_fleet_options", `must be a whole number from 1 to ${max}`),
    ),
    fallback,
  );

/** A fleet migration's options: objects woken at once (1 to 6, default 6), per batch (1 to 500, default 50), restart. */
export const FleetOptionsSchema = v.object({
  concurrency: whole(DEFAULTS.concurrency, 6),
  batch: whole(DEFAULTS.batch, 500),
  restart: v.optional(v.pipe(v.boolean(), fieldError("bad_fleet_options", "must be true or false")), false),
});

/** The env binding of the objects a fleet migration wakes (USERS). */
export const FleetBinding = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  fieldError("bad_binding", "must be a Durable Object binding name such as USERS"),
);
