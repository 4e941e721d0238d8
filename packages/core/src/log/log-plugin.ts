import * as v from "valibot";
import { definePlugin, type PluginContext } from "../plugin/plugin.js";
import { fieldError, parseInput } from "../schema/parse-input.js";
import { SYSTEM_PREFIX } from "../system/tables.js";
import { LOG_LEVELS, type LogLevel, levelRank } from "./log-levels.js";
import { safeJson } from "./safe-json.js";

export const LOG_TABLE = `${SYSTEM_PREFIX}log`;

/** How much log an object keeps. Pruning runs every `pruneEvery` writes, never on each one. */
export interface LogRetention {
  readonly maxRows: number;
  readonly maxAgeMs: number;
  readonly pruneEvery: number;
}

export const DEFAULT_LOG_RETENTION: LogRetention = Object.freeze({
  maxRows: 10_000,
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
  pruneEvery: 100,
});

const MAX_MESSAGE_CHARS = 2_000;
const MAX_DATA_CHARS = 16_000;

/**
 * Parsed JSON, as logged. Deliberately shallow: a recursive JSON type makes
 * the RPC stub types of every caller instantiate without end.
 */
export type JsonValue = string | number | boolean | null | object;

/** One row of the log, as `readLog` answers it. */
export interface LogEntry {
  readonly id: number;
  readonly time: number;
  readonly level: LogLevel;
  readonly message: string;
  readonly data: JsonValue;
}

/** Filters for `readLog`: minimum level, entries at or after `since` (ms), newest first, at most `limit`. */
export interface LogQuery {
  readonly level?: LogLevel;
  readonly since?: number;
  readonly limit?: number;
}

/**
 * Appends one log row. Never throws on odd data: circular or huge values are
 * marked and truncated. Every `pruneEvery` rows, drops rows beyond the
 * retention (count and age) in one statement.
 */
export function writeLog(
  sql: SqlStorage,
  retention: LogRetention,
  level: LogLevel,
  message: string,
  data?: unknown,
): void {
  const safeLevel = LOG_LEVELS.includes(level) ? level : "info";
  const text = String(message).slice(0, MAX_MESSAGE_CHARS);
  const json = data === undefined ? null : safeJson(data, MAX_DATA_CHARS);
  const now = Date.now();
  const { id } = sql
    .exec<{ id: number }>(
      `INSERT INTO ${LOG_TABLE} (time, level, message, data) VALUES (?, ?, ?, ?) RETURNING id`,
      now,
      safeLevel,
      text,
      json,
    )
    .one();
  if (id % retention.pruneEvery === 0) {
    sql.exec(`DELETE FROM ${LOG_TABLE} WHERE id <= ? OR time < ?`, id - retention.maxRows, now - retention.maxAgeMs);
  }
}

const badInput = <T>(message: string) => fieldError<T>("bad_input", message);

/** `readLog`'s query: the lowest level (default debug), since when (ms, default 0), how many (1 to 1000, default 100). */
export const LogQuerySchema = v.object({
  level: v.optional(v.pipe(v.picklist(LOG_LEVELS), badInput(`must be one of ${LOG_LEVELS.join(", ")}`)), "debug"),
  since: v.optional(v.pipe(v.number(), v.finite(), badInput("must be a time in milliseconds")), 0),
  limit: v.optional(
    v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(1000), badInput("must be an integer from 1 to 1000")),
    100,
  ),
});

function readQuery(query: unknown): Required<LogQuery> {
  return parseInput(LogQuerySchema, query ?? {}, { name: "the log query" });
}

/** The object's log as a plugin: its table, and `readLog` over RPC. */
export const logPlugin = definePlugin({
  name: "log",
  migrations: [
    {
      name: "001_log",
      up: `CREATE TABLE ${LOG_TABLE} (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        level TEXT NOT NULL,
        message TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX ${LOG_TABLE}_time ON ${LOG_TABLE} (time)`,
    },
  ],
  methods: {
    /** Log entries, newest first: `readLog({ level: "warn", since: Date.now() - 3600_000, limit: 50 })`. */
    readLog(this: PluginContext, query?: LogQuery): LogEntry[] {
      const { level, since, limit } = readQuery(query);
      const levels = LOG_LEVELS.filter((l) => levelRank(l) >= levelRank(level));
      const rows = this.sync
        .exec<{ id: number; time: number; level: LogLevel; message: string; data: string | null }>(
          `SELECT id, time, level, message, data FROM ${LOG_TABLE}
           WHERE time >= ? AND level IN (${levels.map(() => "?").join(", ")})
           ORDER BY id DESC LIMIT ?`,
          since,
          ...levels,
          limit,
        )
        .toArray();
      return rows.map((r) => ({ ...r, data: r.data === null ? null : (JSON.parse(r.data) as JsonValue) }));
    },
  },
});
