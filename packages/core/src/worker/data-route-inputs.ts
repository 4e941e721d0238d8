import * as v from "valibot";
import { LOG_LEVELS } from "../shared/log-levels.js";
import { fieldError } from "../schema/parse-input.js";

// The query strings of the studio's data and fleet routes, described once: the routes
// parse them (parseInput), studioOpenApi documents them. The objects check the ranges.

const whole = (description: string, code: string) =>
  v.exactOptional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,15}$/),
      v.description(description),
      fieldError(code, "must be a whole number"),
      v.transform(Number),
    ),
  );

const one = (description: string) =>
  v.exactOptional(v.pipe(v.literal("1"), v.description(description), fieldError("bad_input", 'must be "1" or absent')));

/** `GET <base>/<binding>/<name>/log`: which entries, newest first. */
export const LogQueryString = v.object({
  level: v.exactOptional(
    v.pipe(
      v.picklist(LOG_LEVELS),
      v.description("The lowest level shown (default debug)."),
      fieldError("bad_input", `must be one of ${LOG_LEVELS.join(", ")}`),
    ),
  ),
  since: whole("Only entries at or after this time, in milliseconds since the epoch.", "bad_input"),
  limit: whole("At most this many entries, 1 to 1000 (default 100).", "bad_input"),
});

/** `POST <base>/<binding>/<name>/import`: into a new object, or over this one. */
export const ImportQueryString = v.object({
  replace: one("Reset this object first (its rows are replaced by the export's); without it the object must be new."),
});

/** `POST <base>/<binding>/<name>/delete`: the object's name again, so a deletion is never a slip. */
export const DeleteQueryString = v.object({
  confirm: v.pipe(
    v.string(),
    v.description("The object's name again."),
    fieldError("confirm_required", "must repeat the object's name: add ?confirm=<name> to delete it"),
  ),
});

/** `POST <base>/_fleet/<binding>/migrate`: how the fleet migration runs. */
export const FleetMigrateQueryString = v.object({
  concurrency: whole("Objects woken at once, 1 to 6 (default 6).", "bad_fleet_options"),
  batch: whole("Objects per task run, 1 to 500 (default 50).", "bad_fleet_options"),
  restart: one("Start over instead of resuming the migration that is running."),
});
