import * as v from "valibot";
import { LOG_LEVELS } from "../shared/log-levels.js";

// The answers of the studio route family, for studioOpenApi. Outputs: the code builds
// them (shared/data-summaries.ts, fleet-types.ts, studio-protocol.ts), nothing parses them.

const int = (description?: string) =>
  description === undefined
    ? v.pipe(v.number(), v.integer())
    : v.pipe(v.number(), v.integer(), v.description(description));
const time = (description: string) => v.nullable(int(`${description} Milliseconds since the epoch.`));
const Value = v.union([v.string(), v.number(), v.null(), v.pipe(v.array(int()), v.description("A BLOB's bytes."))]);

const StudioResult = v.object({
  columns: v.array(v.string()),
  rows: v.array(v.array(Value)),
  meta: v.object({ rows_read: int(), rows_written: int() }),
});

/** `/query/raw`'s answer: one result, or one per statement of a transaction. */
export const StudioAnswerSchema = v.object({ result: v.union([StudioResult, v.array(StudioResult)]) });

/** What an import did (`ImportSummary`). */
export const ImportSummarySchema = v.object({
  exportId: v.string(),
  source: v.nullable(v.string()),
  tables: int(),
  rows: int(),
  alreadyImported: v.pipe(v.boolean(), v.description("This export had filled the object before: nothing written.")),
});

/** What a deletion did (`DeleteSummary`). */
export const DeleteSummarySchema = v.object({
  name: v.nullable(v.string()),
  rows: int("The rows the object had."),
  replicated: v.pipe(v.boolean(), v.description("Whether the sink of its replication is told.")),
});

/** `/log`'s answer: entries, newest first (`LogEntry`). */
export const LogAnswerSchema = v.object({
  entries: v.array(
    v.object({
      id: int(),
      time: int("Milliseconds since the epoch."),
      level: v.picklist(LOG_LEVELS),
      message: v.string(),
      data: v.pipe(v.unknown(), v.description("Any JSON the entry was written with.")),
    }),
  ),
});

/** A fleet migration's report (`FleetStatus`). */
export const FleetStatusSchema = v.object({
  binding: v.string(),
  running: v.boolean(),
  startedAt: time("When it started."),
  finishedAt: time("When it finished."),
  counts: v.object({ registered: int(), upToDate: int(), failed: int(), pending: int() }),
  failed: v.pipe(
    v.array(
      v.object({
        name: v.string(),
        state: v.picklist(["up_to_date", "failed"]),
        migration: v.nullable(v.string()),
        error: v.nullable(v.string()),
      }),
    ),
    v.description("The objects whose migration failed (at most 100 per shard)."),
  ),
});
