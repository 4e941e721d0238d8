import { UserDOError } from "../errors.js";
import { quoteId } from "../replication/capture.js";
import type { IngestResult, ReplicationBatch, RowChange, TableSchema } from "../replication/replication-types.js";
import { SOURCES_TABLE, type SourceRow, ensureMasterTable, knownTables } from "./master-tables.js";
import { shardOf } from "./shard.js";
import { erasedEpoch } from "./erase.js";

/** The statements that apply one table's rows; compiled once per (table, columns). */
interface RowStatements {
  readonly update: string;
  readonly insert: string;
  readonly remove: string;
}

const statements = new Map<string, RowStatements>();

function statementsFor(table: TableSchema): RowStatements {
  const cacheKey = `${table.name}\u0000${table.columns.map((c) => c.name).join("\u0000")}`;
  let found = statements.get(cacheKey);
  if (!found) {
    const t = quoteId(table.name);
    const names = table.columns.map((c) => quoteId(c.name));
    found = {
      update: `UPDATE ${t} SET ${names.map((n) => `${n} = ?`).join(", ")} WHERE _source = ? AND _rowid = ? RETURNING 1`,
      insert: `INSERT INTO ${t} (_source, _rowid, ${names.join(", ")}) VALUES (?, ?, ${names.map(() => "?").join(", ")})`,
      remove: `DELETE FROM ${t} WHERE _source = ? AND _rowid = ? RETURNING 1`,
    };
    statements.set(cacheKey, found);
  }
  return found;
}

// Applies one row state; returns the change in the source's row count (+1, 0, -1).
function applyChange(sql: SqlStorage, source: string, change: RowChange, table: TableSchema): number {
  const s = statementsFor(table);
  if (change.values === null) return -sql.exec(s.remove, source, change.rowid).toArray().length;
  if (sql.exec(s.update, ...change.values, source, change.rowid).toArray().length > 0) return 0;
  sql.exec(s.insert, source, change.rowid, ...change.values);
  return 1;
}

// Everything of a source, in every replicated table: its object was wiped or resynced.
function forgetSource(sql: SqlStorage, source: string): void {
  for (const table of knownTables(sql).keys()) sql.exec(`DELETE FROM ${quoteId(table)} WHERE _source = ?`, source);
}

/**
 * Applies a validated batch in ONE transaction, idempotently:
 * - a batch at or below the source's high-water mark is a replay: ignored;
 * - a batch that starts past it means this master lost data: `resync`;
 * - a newer epoch (the source was wiped, or resyncs) replaces all its rows;
 * - otherwise each row state is upserted or deleted, tables and new columns
 *   are created as needed, and the registry row is updated.
 * `shard`: this master's index, checked against the source's hash.
 */
export function ingestBatch(
  storage: DurableObjectStorage,
  batch: ReplicationBatch,
  shard: number | null,
  now = Date.now(),
): IngestResult {
  if (shard !== null && shardOf(batch.source, batch.shards) !== shard) {
    throw new UserDOError(
      400,
      "wrong_shard",
      `source "${batch.source}" belongs to shard ${shardOf(batch.source, batch.shards)} of ${batch.shards}, not ${shard}`,
    );
  }
  const sql = storage.sql;
  return storage.transactionSync(() => {
    const known = sql.exec<SourceRow>(`SELECT * FROM ${SOURCES_TABLE} WHERE name = ?`, batch.source).toArray()[0];
    // A late batch from before the user was deleted here: acknowledged, never applied.
    if ((!known || batch.epoch > known.epoch) && batch.epoch < erasedEpoch(sql, batch.source)) {
      return { ack: batch.toSeq, applied: 0, duplicate: true };
    }
    let seq = known?.seq ?? 0;
    let rows = known?.rows ?? 0;
    if (known && batch.epoch < known.epoch) {
      // A replay from the source's earlier life: acknowledged, never applied.
      return { ack: batch.toSeq, applied: 0, duplicate: true };
    }
    if (known && batch.epoch > known.epoch) {
      forgetSource(sql, batch.source);
      seq = 0;
      rows = 0;
    }
    if (batch.toSeq <= seq) return { ack: seq, applied: 0, duplicate: true };
    if (batch.fromSeq > seq) return { ack: seq, applied: 0, duplicate: false, resync: true };

    const tables = new Map(batch.tables.map((t) => [t.name, t]));
    for (const table of batch.tables) ensureMasterTable(sql, table);
    for (const change of batch.changes) rows += applyChange(sql, batch.source, change, tables.get(change.table)!);
    sql.exec(
      `INSERT INTO ${SOURCES_TABLE} (name, epoch, seq, first_seen, last_seen, rows) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, last_seen = excluded.last_seen, rows = excluded.rows`,
      batch.source,
      batch.epoch,
      batch.toSeq,
      now,
      now,
      rows,
    );
    return { ack: batch.toSeq, applied: batch.changes.length, duplicate: false };
  });
}
