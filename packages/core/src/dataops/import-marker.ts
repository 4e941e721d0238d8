import { META_TABLE, isMissingTable } from "../system/tables.js";

// Meta keys of an import: begun (a crash before its end leaves this), and done (by export id, for reruns).
const IMPORTING = "importing";
const IMPORTED = "imported";

function read(sql: SqlStorage, key: string): string | undefined {
  try {
    return sql.exec<{ value: string }>(`SELECT value FROM ${META_TABLE} WHERE key = ?`, key).toArray()[0]?.value;
  } catch (error) {
    if (isMissingTable(error)) return undefined;
    throw error;
  }
}

function write(sql: SqlStorage, key: string, value: string): void {
  sql.exec(
    `INSERT INTO ${META_TABLE} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    key,
    value,
  );
}

/** True when an import began and never finished (the object was evicted or crashed during it). */
export function unfinishedImport(sql: SqlStorage): boolean {
  return read(sql, IMPORTING) !== undefined;
}

/** The id of the export this object was filled from, if any. */
export function importedExportId(sql: SqlStorage): string | undefined {
  return read(sql, IMPORTED);
}

/** Marks an import as begun, before its first row. */
export function markImportBegun(sql: SqlStorage, exportId: string): void {
  write(sql, IMPORTING, exportId);
}

/** Marks it done, in the transaction of its last rows. */
export function markImportDone(sql: SqlStorage, exportId: string): void {
  sql.exec(`DELETE FROM ${META_TABLE} WHERE key = ?`, IMPORTING);
  write(sql, IMPORTED, exportId);
}
