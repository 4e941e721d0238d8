import { quoteId } from "../replication/capture.js";
import { type ExportedTable, SNAPSHOT_PREFIX } from "./dump-tables.js";

/**
 * Copy-on-write for a streamed export. An export spans many turns (it waits
 * for its reader between chunks), and the object keeps serving requests
 * meanwhile: holding them out with `blockConcurrencyWhile` would also hold out
 * the stream's own flow control and stall any export larger than the RPC
 * stream's window. So, in the transaction that reads the header, each
 * exported table gets a side table and three triggers: the first change to a
 * row after that instant saves the row as it was (or, for a new key, that it
 * was absent). Pages then read the live rows nobody touched plus the saved
 * ones, which is the database exactly as it was at the header, at the cost of
 * one extra row written per row first changed during the export.
 */
const ABSENT = quoteId("_userdo_absent");

/** The key columns of a table as the snapshot names them: the rowid, or each primary-key column. */
function keys(table: ExportedTable): { source: string; alias: string }[] {
  const parts = table.key.length > 0 ? table.key.map(quoteId) : ["rowid"];
  return parts.map((source, i) => ({ source, alias: quoteId(`_userdo_k${i}`) }));
}

function sideTable(index: number): string {
  return quoteId(`${SNAPSHOT_PREFIX}${index}`);
}

/**
 * A REPLACE deletes the row it replaces; only with recursive triggers does
 * that delete fire the trigger that saves it. Outside any transaction (inside
 * one the pragma does nothing); replication sets it too.
 */
export function allowReplaceCapture(sql: SqlStorage): void {
  sql.exec("PRAGMA recursive_triggers = ON");
}

/** Creates the side tables and triggers; run in the transaction that reads the header. */
export function beginSnapshot(sql: SqlStorage, tables: readonly ExportedTable[]): void {
  tables.forEach((table, index) => {
    const side = sideTable(index);
    const k = keys(table);
    const cols = table.columns.map(quoteId);
    // No declared types: each value keeps the storage class it had.
    sql.exec(
      `CREATE TABLE ${side} (${[...k.map((x) => x.alias), ABSENT, ...cols].join(", ")}, PRIMARY KEY (${k.map((x) => x.alias).join(", ")}))`,
    );
    // First change wins. Not INSERT OR IGNORE: inside a trigger, an outer INSERT OR REPLACE would
    // turn it into a REPLACE that overwrites the saved row.
    const firstFor = (row: "OLD" | "NEW") =>
      `WHERE NOT EXISTS (SELECT 1 FROM ${side} WHERE (${k.map((x) => x.alias).join(", ")}) = (${k.map((x) => `${row}.${x.source}`).join(", ")}))`;
    const saveOld = `INSERT INTO ${side} (${[...k.map((x) => x.alias), ABSENT, ...cols].join(", ")}) SELECT ${[
      ...k.map((x) => `OLD.${x.source}`),
      "0",
      ...cols.map((c) => `OLD.${c}`),
    ].join(", ")} ${firstFor("OLD")};`;
    const markNew = `INSERT INTO ${side} (${[...k.map((x) => x.alias), ABSENT].join(", ")}) SELECT ${[
      ...k.map((x) => `NEW.${x.source}`),
      "1",
    ].join(", ")} ${firstFor("NEW")};`;
    const target = quoteId(table.name);
    const trigger = (op: string) => quoteId(`${SNAPSHOT_PREFIX}${index}_${op}`);
    sql.exec(`CREATE TRIGGER ${trigger("d")} AFTER DELETE ON ${target} BEGIN ${saveOld} END`);
    sql.exec(`CREATE TRIGGER ${trigger("u")} AFTER UPDATE ON ${target} BEGIN ${saveOld} ${markNew} END`);
    sql.exec(`CREATE TRIGGER ${trigger("i")} AFTER INSERT ON ${target} BEGIN ${markNew} END`);
  });
}

/** Drops every side table and trigger of an export (also those an eviction left behind). */
export function endSnapshot(sql: SqlStorage): void {
  const objects = sql
    .exec<{ type: string; name: string }>(
      "SELECT type, name FROM sqlite_schema WHERE substr(name, 1, ?) = ? ORDER BY type = 'table'",
      SNAPSHOT_PREFIX.length,
      SNAPSHOT_PREFIX,
    )
    .toArray();
  for (const { type, name } of objects) {
    sql.exec(`DROP ${type === "table" ? "TABLE" : "TRIGGER"} IF EXISTS ${quoteId(name)}`);
  }
}

/**
 * The SELECT of one page of a table as it was at the snapshot, by key: its
 * values (a large integer as text), then a marker per column of how each is
 * stored (1 a REAL, 2 an integer beyond 2^53 read as text, 0 anything else),
 * then the key, so the next page starts after it.
 */
export function snapshotPageSql(table: ExportedTable, index: number, pageRows: number, after: boolean): string {
  const k = keys(table);
  const cols = table.columns.map(quoteId);
  const side = sideTable(index);
  const values = cols.map((q) => `CASE WHEN ${big(q)} THEN CAST(${q} AS TEXT) ELSE ${q} END`);
  const kinds = cols.map((q) => `CASE WHEN typeof(${q}) = 'real' THEN 1 WHEN ${big(q)} THEN 2 ELSE 0 END`);
  // One arm per source: the live rows nobody touched since the snapshot, and the saved ones.
  const arm = (key: readonly string[], from: string, where: string) => {
    const columns = [...(table.rowid ? [key[0]!] : []), ...values, ...kinds, ...key];
    const start = after ? ` AND (${key.join(", ")}) > (${key.map(() => "?").join(", ")})` : "";
    return `SELECT ${columns.join(", ")} FROM ${from} WHERE ${where}${start}`;
  };
  const live = arm(
    k.map((x) => x.source),
    quoteId(table.name),
    `(${k.map((x) => x.source).join(", ")}) NOT IN (SELECT ${k.map((x) => x.alias).join(", ")} FROM ${side})`,
  );
  const saved = arm(
    k.map((x) => x.alias),
    side,
    `${ABSENT} = 0`,
  );
  // A compound ORDER BY merges the two arms, each read in key order, so LIMIT stops early.
  const width = (table.rowid ? 1 : 0) + 2 * cols.length;
  const order = k.map((_, i) => String(width + i + 1)).join(", ");
  return `${live} UNION ALL ${saved} ORDER BY ${order} LIMIT ${pageRows}`;
}

// An integer JavaScript cannot hold exactly (abs() would overflow on the smallest one).
function big(q: string): string {
  return `(typeof(${q}) = 'integer' AND (${q} > 9007199254740991 OR ${q} < -9007199254740991))`;
}
