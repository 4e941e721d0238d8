import * as v from "valibot";
import { UserDOError } from "../errors.js";
import { IDENTIFIER, MAX_REPLICATED_COLUMNS, RESERVED_COLUMNS } from "../replication/captured-tables.js";
import { isColumnType } from "../replication/column-type.js";
import type { ReplicationBatch, RowValue, TableSchema } from "../replication/replication-types.js";
import { fieldError, parseInput } from "../schema/parse-input.js";
import { MAX_USER_NAME_LENGTH, UserNameText } from "../shared/user-name.js";
import { MAX_SHARDS } from "./shard.js";

/** Most row states one batch may carry. */
export const MAX_BATCH_CHANGES = 10_000;

const bad = <T>(message: string) => fieldError<T>("bad_batch", message);

function refuse(message: string): UserDOError {
  return new UserDOError(400, "bad_batch", message);
}

const Seq = v.pipe(v.number(), v.safeInteger(), v.minValue(0), bad("must be a whole number"));

// An identifier, not a platform (_cf_) or SQLite one: SQLite's names ignore case.
const TABLE_NAME = new RegExp(`^(?!_cf_|sqlite_)${IDENTIFIER.source.slice(1)}`, "i");

const Column = v.object({
  name: v.pipe(
    v.string(),
    v.regex(IDENTIFIER),
    v.check((name) => !RESERVED_COLUMNS.includes(name)),
    bad(`must be an identifier other than ${RESERVED_COLUMNS.join(" and ")}`),
  ),
  type: v.pipe(
    v.string(),
    v.check(isColumnType),
    bad("must be a plain column type such as TEXT or VARCHAR(20), with no constraint"),
  ),
});

/** A table a batch describes: its name and its columns (the master creates or widens it). */
export const ReplicatedTableSchema = v.object({
  name: v.pipe(v.string(), v.regex(TABLE_NAME), bad("must be an identifier, not a _cf_ or sqlite_ name")),
  columns: v.pipe(
    v.array(Column),
    v.minLength(1),
    v.maxLength(MAX_REPLICATED_COLUMNS),
    bad(`must be 1 to ${MAX_REPLICATED_COLUMNS} columns`),
  ),
});

// A union would try each type in turn and build an issue for each miss: one test per value is
// what keeps a 10,000-row batch cheap.
const Value = v.custom<RowValue>(
  (value) =>
    value === null ||
    typeof value === "string" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    value instanceof ArrayBuffer,
);

/** One row's state: its values in the table's column order, or null when it was deleted. */
export const RowChangeSchema = v.object({
  table: v.string(),
  rowid: v.pipe(v.number(), v.safeInteger(), bad("must be an integer")),
  values: v.nullable(v.pipe(v.array(Value), bad("must be null or a list of null, numbers, strings and ArrayBuffers"))),
});

/**
 * What a replicator sends a master or a sink (`ingest`): who it is, the
 * sequence range, the tables it describes and the rows' states. A master does
 * not trust its sources' shapes, names or sizes.
 */
export const ReplicationBatchSchema = v.object({
  source: v.pipe(UserNameText, bad(`must be a name of 1 to ${MAX_USER_NAME_LENGTH} characters`)),
  epoch: Seq,
  shards: v.pipe(
    v.number(),
    v.safeInteger(),
    v.minValue(1),
    v.maxValue(MAX_SHARDS),
    bad(`must be a whole number from 1 to ${MAX_SHARDS}`),
  ),
  fromSeq: Seq,
  toSeq: Seq,
  tables: v.array(ReplicatedTableSchema),
  changes: v.pipe(
    v.array(RowChangeSchema),
    v.maxLength(MAX_BATCH_CHANGES),
    bad(`must be at most ${MAX_BATCH_CHANGES} changes`),
  ),
});

function uniqueTables(tables: readonly TableSchema[]): Map<string, TableSchema> {
  const byName = new Map<string, TableSchema>();
  for (const table of tables) {
    if (byName.has(table.name)) throw refuse(`table "${table.name}" is described twice`);
    const names = new Set(table.columns.map((c) => c.name));
    if (names.size !== table.columns.length) throw refuse(`table "${table.name}" lists a column twice`);
    byName.set(table.name, table);
  }
  return byName;
}

/**
 * Checks everything a batch claims before any of it is applied
 * ({@link ReplicationBatchSchema}, then what the parts say of each other:
 * the range's order, each table once, each change of a described table with
 * one value per column). Throws a 400 `bad_batch` naming the first problem.
 *
 * @example
 * ```ts
 * declare const untrusted: unknown;
 * const batch = validateBatch(untrusted); // typed, or a 400
 * ```
 */
export function validateBatch(input: unknown): ReplicationBatch {
  const batch = parseInput(ReplicationBatchSchema, input, { code: "bad_batch", name: "a batch" });
  if (batch.toSeq < batch.fromSeq) throw refuse("toSeq must not be below fromSeq");
  const tables = uniqueTables(batch.tables);
  for (const change of batch.changes) {
    const table = tables.get(change.table);
    if (!table) throw refuse(`change for table ${JSON.stringify(change.table)}, which the batch does not describe`);
    if (change.values !== null && change.values.length !== table.columns.length)
      throw refuse(`a row of "${table.name}" must have ${table.columns.length} values`);
  }
  return { ...batch, tables: [...tables.values()] };
}
