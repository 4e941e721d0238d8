import { OUTBOX_TABLE, REPLICATION_STATE_TABLE, TRIGGER_PREFIX } from "../replication/replication-state.js";
import type { DumpSchemaEntry, DumpTable } from "../shared/dump-format.js";
import { META_TABLE, MIGRATIONS_TABLE } from "../system/tables.js";

/**
 * Tables an export leaves out besides the platform's (`_cf_*`, and
 * `__miniflare_*` under `wrangler dev`) and SQLite's:
 * the migration record (the header carries it), the object's meta (its name
 * and schema fingerprint belong to the object, not the data), and
 * replication's outbox and state (the target replicates its own writes).
 */
const NOT_EXPORTED = new Set([MIGRATIONS_TABLE, META_TABLE, OUTBOX_TABLE, REPLICATION_STATE_TABLE]);

/** The side tables and triggers of a running export start with this (see export-snapshot.ts). */
export const SNAPSHOT_PREFIX = "_userdo_export_";

/** The local runtime's own table (miniflare keeps each object's name in it under `wrangler dev`). */
const LOCAL_RUNTIME_PREFIX = "__miniflare_";

function isExported(name: string): boolean {
  return (
    !name.startsWith("_cf_") &&
    !name.startsWith(LOCAL_RUNTIME_PREFIX) &&
    !name.toLowerCase().startsWith("sqlite_") &&
    !name.startsWith(SNAPSHOT_PREFIX) &&
    !NOT_EXPORTED.has(name)
  );
}

/** A table as the exporter reads it: the header's entry plus how to page through it. */
export interface ExportedTable extends DumpTable {
  /** Primary-key columns of a WITHOUT ROWID table (the page key); empty for rowid tables. */
  readonly key: readonly string[];
}

interface ListedTable extends Record<string, SqlStorageValue> {
  name: string;
  wr: number;
}

interface ColumnInfo extends Record<string, SqlStorageValue> {
  name: string;
  type: string;
  pk: number;
}

/** The schema entries an export carries, in `sqlite_schema` order. */
export function exportedSchema(sql: SqlStorage): DumpSchemaEntry[] {
  return sql
    .exec<{ type: string; name: string; tbl_name: string; sql: string | null }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid",
    )
    .toArray()
    .filter((e) => isExported(e.tbl_name) && !e.name.startsWith(TRIGGER_PREFIX) && !e.name.startsWith(SNAPSHOT_PREFIX))
    .map((e) => ({ type: e.type, name: e.name, table: e.tbl_name, sql: e.sql }));
}

/** The tables whose rows an export carries, by name, with their columns and page key. */
export function exportedTables(sql: SqlStorage): ExportedTable[] {
  const listed = sql
    .exec<ListedTable>("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name")
    .toArray()
    .filter((t) => isExported(t.name));
  return listed.map((t) => {
    const info = sql.exec<ColumnInfo>("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", t.name).toArray();
    const columns = info.map((c) => c.name);
    const pks = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const withoutRowid = t.wr === 1;
    const aliased = pks.length === 1 && pks[0]!.type.toUpperCase() === "INTEGER";
    const shadowed = columns.some((c) => ["rowid", "_rowid_", "oid"].includes(c.toLowerCase()));
    return {
      name: t.name,
      columns,
      rowid: !withoutRowid && !aliased && !shadowed,
      key: withoutRowid ? pks.map((c) => c.name) : [],
    };
  });
}

/** AUTOINCREMENT counters of exported tables. */
export function exportedSequences(sql: SqlStorage): Record<string, number> {
  try {
    const rows = sql.exec<{ name: string; seq: number }>("SELECT name, seq FROM sqlite_sequence").toArray();
    return Object.fromEntries(rows.filter((r) => isExported(r.name)).map((r) => [r.name, r.seq]));
  } catch {
    // No table has AUTOINCREMENT: there is no sqlite_sequence.
    return {};
  }
}
