import { UserDOError } from "../errors.js";
import { quoteId } from "../replication/capture.js";
import type { TableSchema } from "../replication/replication-types.js";
import { SYSTEM_PREFIX } from "../system/tables.js";

/** The registry of users: one row per source, with its high-water mark. */
export const SOURCES_TABLE = `${SYSTEM_PREFIX}master_sources`;

/** The replicated tables this master created, with their columns. */
export const MASTER_TABLES_TABLE = `${SYSTEM_PREFIX}master_tables`;

/** The master's own tables (a MasterDO migration, also run on a D1 sink). */
export const MASTER_MIGRATION = `CREATE TABLE IF NOT EXISTS ${SOURCES_TABLE} (
  name TEXT PRIMARY KEY,
  epoch INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  rows INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ${MASTER_TABLES_TABLE} (
  name TEXT PRIMARY KEY,
  columns TEXT NOT NULL
)`;

/** One row per user deleted at its object: who asked, when, the rows removed. */
export const ERASURES_TABLE = `${SYSTEM_PREFIX}master_erasures`;

/** The audit of deletions (a second MasterDO migration, also run on a D1 sink). */
export const ERASURES_MIGRATION = `CREATE TABLE IF NOT EXISTS ${ERASURES_TABLE} (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  erased_at INTEGER NOT NULL,
  object_rows INTEGER NOT NULL,
  master_rows INTEGER NOT NULL,
  UNIQUE (source, epoch)
)`;

/** A registry row. */
export interface SourceRow extends Record<string, SqlStorageValue> {
  name: string;
  epoch: number;
  seq: number;
  first_seen: number;
  last_seen: number;
  rows: number;
}

/**
 * The statements that create a master copy of a source table: the source's
 * columns with their declared types (constraints left out: many users' rows
 * share one table) plus `_source` and `_rowid`, unique together.
 */
export function createTableSql(table: TableSchema): string[] {
  const columns = table.columns.map((c) => `${quoteId(c.name)} ${c.type}`.trim());
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteId(table.name)} (_source TEXT NOT NULL, _rowid INTEGER NOT NULL${columns.map((c) => `, ${c}`).join("")})`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteId(`${table.name}__source_rowid`)} ON ${quoteId(table.name)} (_source, _rowid)`,
  ];
}

/** `ALTER TABLE ... ADD COLUMN` for a column a newer source schema brought. */
export function addColumnSql(table: string, column: { name: string; type: string }): string {
  return `ALTER TABLE ${quoteId(table)} ADD COLUMN ${quoteId(column.name)} ${column.type}`.trim();
}

/** Columns of `incoming` that `known` lacks. */
export function missingColumns(
  known: readonly { name: string }[],
  incoming: TableSchema,
): { name: string; type: string }[] {
  const have = new Set(known.map((c) => c.name));
  return incoming.columns.filter((c) => !have.has(c.name));
}

/**
 * Makes the master's copy of `table` exist with at least its columns. A name
 * that is already taken by a table this master did not create (its own
 * system tables) is refused. Synchronous; run inside the ingest transaction.
 */
export function ensureMasterTable(sql: SqlStorage, table: TableSchema): void {
  const known = sql
    .exec<{ columns: string }>(`SELECT columns FROM ${MASTER_TABLES_TABLE} WHERE name = ?`, table.name)
    .toArray()[0];
  if (!known) {
    const taken = sql.exec("SELECT 1 FROM sqlite_schema WHERE lower(name) = lower(?)", table.name).toArray().length > 0;
    if (taken)
      throw new UserDOError(
        400,
        "bad_batch",
        `table "${table.name}" cannot replicate into this master: the name is taken`,
      );
    for (const statement of createTableSql(table)) sql.exec(statement);
    sql.exec(
      `INSERT INTO ${MASTER_TABLES_TABLE} (name, columns) VALUES (?, ?)`,
      table.name,
      JSON.stringify(table.columns),
    );
    return;
  }
  const columns = JSON.parse(known.columns) as { name: string; type: string }[];
  const added = missingColumns(columns, table);
  if (added.length === 0) return;
  for (const column of added) sql.exec(addColumnSql(table.name, column));
  sql.exec(
    `UPDATE ${MASTER_TABLES_TABLE} SET columns = ? WHERE name = ?`,
    JSON.stringify([...columns, ...added]),
    table.name,
  );
}

/** The replicated tables a master knows, with their columns (to validate reads). */
export function knownTables(sql: SqlStorage): Map<string, string[]> {
  const rows = sql
    .exec<{ name: string; columns: string }>(`SELECT name, columns FROM ${MASTER_TABLES_TABLE}`)
    .toArray();
  return new Map(rows.map((r) => [r.name, (JSON.parse(r.columns) as { name: string }[]).map((c) => c.name)]));
}
