import { quoteId } from "./capture.js";
import type { CapturedTable } from "./captured-tables.js";
import { OUTBOX_TABLE } from "./replication-state.js";
import type { ReplicationBatch, RowChange, RowValue } from "./replication-types.js";

/** Who sends, and from where in the sequence. */
export interface BatchHead {
  readonly source: string;
  readonly epoch: number;
  readonly shards: number;
  readonly fromSeq: number;
}

/** How big a batch may grow. A row that alone exceeds `maxBytes` still goes, alone. */
export interface BatchLimits {
  readonly maxRows: number;
  readonly maxBytes: number;
}

const ENTRY_PAGE = 1_000;
const ROW_OVERHEAD_BYTES = 32;

function sizeOf(values: readonly RowValue[] | null): number {
  let bytes = ROW_OVERHEAD_BYTES;
  for (const value of values ?? []) {
    if (typeof value === "string") bytes += value.length * 2;
    else if (value instanceof ArrayBuffer) bytes += value.byteLength;
    else bytes += 8;
  }
  return bytes;
}

/**
 * Reads the outbox from its start and turns it into one batch: each touched
 * row once, as it is now (or null if it is gone), up to the limits. Entries
 * of one row that repeat (a burst of updates) cost nothing more. Null when
 * the outbox is empty. Synchronous: the batch is a consistent snapshot.
 */
export function buildBatch(
  sql: SqlStorage,
  tables: readonly CapturedTable[],
  head: BatchHead,
  limits: BatchLimits,
): ReplicationBatch | null {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const readers = new Map<string, string>();
  const included = new Set<string>();
  const changes: RowChange[] = [];
  const touched = new Set<string>();
  let bytes = 0;
  let toSeq = -1;
  let after = -1;
  let full = false;

  while (!full) {
    const page = sql
      .exec<{ seq: number; tbl: string; row_id: number }>(
        `SELECT seq, tbl, row_id FROM ${OUTBOX_TABLE} WHERE seq > ? ORDER BY seq LIMIT ?`,
        after,
        ENTRY_PAGE,
      )
      .toArray();
    for (const entry of page) {
      after = entry.seq;
      const table = byName.get(entry.tbl);
      const key = `${entry.tbl}\u0000${entry.row_id}`;
      // A table no longer replicated: its entries are acknowledged without sending.
      if (!table || included.has(key)) {
        toSeq = entry.seq;
        continue;
      }
      let reader = readers.get(table.name);
      if (!reader) {
        reader = `SELECT ${table.columns.map((c) => quoteId(c.name)).join(", ")} FROM ${quoteId(table.name)} WHERE rowid = ?`;
        readers.set(table.name, reader);
      }
      const row = Array.from(sql.exec(reader, entry.row_id).raw())[0];
      const values = row ?? null;
      const size = sizeOf(values);
      if (changes.length >= limits.maxRows || (changes.length > 0 && bytes + size > limits.maxBytes)) {
        full = true;
        break;
      }
      included.add(key);
      touched.add(table.name);
      changes.push({ table: table.name, rowid: entry.row_id, values });
      bytes += size;
      toSeq = entry.seq;
    }
    if (page.length < ENTRY_PAGE) break;
  }
  if (toSeq === -1) return null;
  return {
    ...head,
    toSeq,
    tables: tables.filter((t) => touched.has(t.name)).map((t) => ({ name: t.name, columns: t.columns })),
    changes,
  };
}
