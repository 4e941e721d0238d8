import { UserDOError } from "../errors.js";
import { IDENTIFIER, MAX_REPLICATED_COLUMNS, RESERVED_COLUMNS } from "../replication/captured-tables.js";
import { isColumnType } from "../replication/column-type.js";
import type { ReplicationBatch, RowChange, TableSchema } from "../replication/replication-types.js";
import { MAX_USER_NAME_LENGTH } from "../shared/user-name.js";
import { assertShardCount } from "./shard.js";

/** Most row states one batch may carry. */
export const MAX_BATCH_CHANGES = 10_000;

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_batch", message);
}

function isSeq(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** A table name a master may create: an identifier, not a platform or SQLite one. */
export function assertTableName(name: unknown): asserts name is string {
  if (
    typeof name !== "string" ||
    !IDENTIFIER.test(name) ||
    name.startsWith("_cf_") ||
    name.toLowerCase().startsWith("sqlite_")
  ) {
    throw bad(`table name ${JSON.stringify(name)} is not allowed`);
  }
}

function readTable(value: unknown): TableSchema {
  const t = value as { name?: unknown; columns?: unknown } | null;
  if (typeof t !== "object" || t === null) throw bad("each table must be an object");
  assertTableName(t.name);
  if (!Array.isArray(t.columns) || t.columns.length === 0 || t.columns.length > MAX_REPLICATED_COLUMNS) {
    throw bad(`table "${t.name}" must have 1 to ${MAX_REPLICATED_COLUMNS} columns`);
  }
  const names = new Set<string>();
  const columns = t.columns.map((c: unknown) => {
    const column = c as { name?: unknown; type?: unknown } | null;
    if (typeof column?.name !== "string" || !IDENTIFIER.test(column.name) || RESERVED_COLUMNS.includes(column.name)) {
      throw bad(`table "${t.name}" has a column name that is not allowed: ${JSON.stringify(column?.name)}`);
    }
    if (typeof column.type !== "string" || !isColumnType(column.type))
      throw bad(
        `column "${column.name}" has a type that is not allowed: ${JSON.stringify(column.type)} (a plain type such as TEXT or VARCHAR(20))`,
      );
    if (names.has(column.name)) throw bad(`table "${t.name}" lists column "${column.name}" twice`);
    names.add(column.name);
    return { name: column.name, type: column.type };
  });
  return { name: t.name, columns };
}

function isRowValue(value: unknown): boolean {
  return (
    value === null ||
    typeof value === "string" ||
    value instanceof ArrayBuffer ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function readChange(value: unknown, tables: ReadonlyMap<string, TableSchema>): RowChange {
  const c = value as { table?: unknown; rowid?: unknown; values?: unknown } | null;
  if (typeof c !== "object" || c === null) throw bad("each change must be an object");
  const table = typeof c.table === "string" ? tables.get(c.table) : undefined;
  if (!table) throw bad(`change for table ${JSON.stringify(c.table)}, which the batch does not describe`);
  if (typeof c.rowid !== "number" || !Number.isSafeInteger(c.rowid)) throw bad("rowid must be an integer");
  if (c.values === null) return { table: table.name, rowid: c.rowid, values: null };
  if (!Array.isArray(c.values) || c.values.length !== table.columns.length || !c.values.every(isRowValue)) {
    throw bad(
      `a row of "${table.name}" must have ${table.columns.length} values (null, number, string or ArrayBuffer)`,
    );
  }
  return { table: table.name, rowid: c.rowid, values: c.values as RowChange["values"] };
}

/**
 * Checks everything a batch claims before any of it is applied: a master
 * does not trust its sources' shapes, names or sizes. Throws a 400
 * `bad_batch` naming the first problem.
 *
 * @example
 * ```ts
 * declare const untrusted: unknown;
 * const batch = validateBatch(untrusted); // typed, or a 400
 * ```
 */
export function validateBatch(input: unknown): ReplicationBatch {
  const b = input as Partial<Record<keyof ReplicationBatch, unknown>> | null;
  if (typeof b !== "object" || b === null) throw bad("a batch must be an object");
  if (typeof b.source !== "string" || b.source.length === 0 || b.source.length > MAX_USER_NAME_LENGTH) {
    throw bad(`source must be a name of 1 to ${MAX_USER_NAME_LENGTH} characters`);
  }
  if (!isSeq(b.epoch)) throw bad("epoch must be a whole number");
  try {
    assertShardCount(b.shards);
  } catch (error) {
    throw bad((error as Error).message);
  }
  if (!isSeq(b.fromSeq) || !isSeq(b.toSeq) || b.toSeq < b.fromSeq)
    throw bad("fromSeq and toSeq must be whole numbers, fromSeq <= toSeq");
  if (!Array.isArray(b.tables) || !Array.isArray(b.changes)) throw bad("tables and changes must be arrays");
  if (b.changes.length > MAX_BATCH_CHANGES) throw bad(`a batch carries at most ${MAX_BATCH_CHANGES} changes`);
  const tables = new Map<string, TableSchema>();
  for (const t of b.tables) {
    const table = readTable(t);
    if (tables.has(table.name)) throw bad(`table "${table.name}" is described twice`);
    tables.set(table.name, table);
  }
  const changes = b.changes.map((c) => readChange(c, tables));
  return {
    source: b.source,
    epoch: b.epoch,
    shards: b.shards as number,
    fromSeq: b.fromSeq,
    toSeq: b.toSeq,
    tables: [...tables.values()],
    changes,
  };
}
