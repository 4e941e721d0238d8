import { deleteMeta, readMeta, writeMeta } from "../system/meta.js";

// Whether an import began and never finished is read on every wake with the
// schema's fingerprint (bringSchemaUpToDate's `unfinishedImport`), not here.

/** The id of the export this object was filled from, if any. */
export function importedExportId(sql: SqlStorage): string | undefined {
  return readMeta(sql, ["imported"])?.get("imported");
}

/** Marks an import as begun, before its first row. */
export function markImportBegun(sql: SqlStorage, exportId: string): void {
  writeMeta(sql, "importing", exportId);
}

/** Marks it done, in the transaction of its last rows. */
export function markImportDone(sql: SqlStorage, exportId: string): void {
  deleteMeta(sql, "importing");
  writeMeta(sql, "imported", exportId);
}
