import { SYSTEM_PREFIX } from "../system/tables.js";

/** Every write to a replicated table appends (table, rowid) here, in the same transaction, by trigger. */
export const OUTBOX_TABLE = `${SYSTEM_PREFIX}outbox`;

/** Replication's own facts: the capture fingerprint, the acknowledged sequence, the epoch. */
export const REPLICATION_STATE_TABLE = `${SYSTEM_PREFIX}replication`;

/** Triggers that capture changes are named with this prefix (and dropped by it). */
export const TRIGGER_PREFIX = `${SYSTEM_PREFIX}rep_`;

/**
 * The replication plugin's migration. AUTOINCREMENT keeps sequences
 * monotonic even after the outbox is emptied: a master ignores any batch at
 * or below what it has seen, so a reused sequence would be lost.
 */
export const REPLICATION_MIGRATION = `CREATE TABLE ${OUTBOX_TABLE} (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl TEXT NOT NULL,
  row_id INTEGER NOT NULL
);
CREATE TABLE ${REPLICATION_STATE_TABLE} (
  key TEXT PRIMARY KEY,
  value
) WITHOUT ROWID`;

/** `erase`: a deletion of the user the sink has yet to carry out (JSON of an `EraseRequest`). */
export type StateKey = "fingerprint" | "acked" | "epoch" | "erase";

export function readState(sql: SqlStorage, key: StateKey): SqlStorageValue | undefined {
  const rows = sql
    .exec<{ value: SqlStorageValue }>(`SELECT value FROM ${REPLICATION_STATE_TABLE} WHERE key = ?`, key)
    .toArray();
  return rows[0]?.value;
}

export function writeState(sql: SqlStorage, key: StateKey, value: SqlStorageValue): void {
  sql.exec(
    `INSERT INTO ${REPLICATION_STATE_TABLE} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    key,
    value,
  );
}

export function deleteState(sql: SqlStorage, key: StateKey): void {
  sql.exec(`DELETE FROM ${REPLICATION_STATE_TABLE} WHERE key = ?`, key);
}
