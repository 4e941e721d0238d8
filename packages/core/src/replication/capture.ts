import type { CapturedTable } from "./captured-tables.js";
import { OUTBOX_TABLE, REPLICATION_STATE_TABLE, TRIGGER_PREFIX, readState, writeState } from "./replication-state.js";

/** Quotes an SQL identifier. */
export function quoteId(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function triggerSql(table: CapturedTable, index: number): string[] {
  const target = quoteId(table.name);
  const literal = quoteText(table.name);
  const insert = (row: "NEW" | "OLD") => `INSERT INTO ${OUTBOX_TABLE} (tbl, row_id) VALUES (${literal}, ${row}.rowid);`;
  // A chosen-columns table ignores updates of the columns that do not replicate.
  const watched = table.whole
    ? []
    : [...new Set([...table.columns.map((c) => c.name), ...(table.rowidAlias ? [table.rowidAlias] : [])])];
  const of = watched.length > 0 ? ` OF ${watched.map(quoteId).join(", ")}` : "";
  const name = (op: string) => quoteId(`${TRIGGER_PREFIX}${index}_${op}`);
  return [
    `CREATE TRIGGER ${name("i")} AFTER INSERT ON ${target} BEGIN ${insert("NEW")} END`,
    `CREATE TRIGGER ${name("u")} AFTER UPDATE${of} ON ${target} BEGIN ${insert("NEW")}
       INSERT INTO ${OUTBOX_TABLE} (tbl, row_id) SELECT ${literal}, OLD.rowid WHERE OLD.rowid IS NOT NEW.rowid; END`,
    `CREATE TRIGGER ${name("d")} AFTER DELETE ON ${target} BEGIN ${insert("OLD")} END`,
  ];
}

function dropTriggers(sql: SqlStorage): void {
  const names = sql
    .exec<{ name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND substr(name, 1, ?) = ?",
      TRIGGER_PREFIX.length,
      TRIGGER_PREFIX,
    )
    .toArray();
  for (const { name } of names) sql.exec(`DROP TRIGGER ${quoteId(name)}`);
}

/**
 * Makes the capture triggers match `tables`. When they already do (the
 * common wake) this is one read. Otherwise, in ONE transaction: the triggers
 * are replaced and every existing row of the captured tables is queued in the
 * outbox (the backfill), so enabling replication on an object with rows, or
 * adding a column, sends everything once. Returns the rows queued.
 */
export function installCapture(storage: DurableObjectStorage, tables: readonly CapturedTable[]): number {
  const sql = storage.sql;
  // REPLACE deletes conflicting rows; only with recursive triggers does that delete reach the outbox.
  sql.exec("PRAGMA recursive_triggers = ON");
  const fingerprint = JSON.stringify({ v: 1, tables });
  if (readState(sql, "fingerprint") === fingerprint) return 0;
  return storage.transactionSync(() => {
    dropTriggers(sql);
    let queued = 0;
    tables.forEach((table, index) => {
      for (const statement of triggerSql(table, index)) sql.exec(statement);
      queued += sql.exec(
        `INSERT INTO ${OUTBOX_TABLE} (tbl, row_id) SELECT ?, rowid FROM ${quoteId(table.name)}`,
        table.name,
      ).rowsWritten;
    });
    if (readState(sql, "epoch") === undefined) writeState(sql, "epoch", Date.now());
    writeState(sql, "fingerprint", fingerprint);
    return queued;
  });
}

/**
 * Removes capture from an object whose class no longer replicates: triggers
 * dropped, outbox emptied. One read when there was nothing to remove.
 */
export function removeCapture(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  if (readState(sql, "fingerprint") === undefined) return;
  storage.transactionSync(() => {
    dropTriggers(sql);
    sql.exec(`DELETE FROM ${OUTBOX_TABLE}`);
    sql.exec(`DELETE FROM ${REPLICATION_STATE_TABLE} WHERE key = 'fingerprint'`);
  });
}
