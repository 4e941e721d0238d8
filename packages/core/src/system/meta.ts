import { META_TABLE, isMissingTable } from "./tables.js";

/**
 * The keys of the object's meta table: the schema's fingerprint, the object's
 * name, and an import's progress (begun: a crash before its end leaves it;
 * done: the export's id, for reruns).
 */
export type MetaKey = "schema" | "name" | "importing" | "imported";

/** The values of `keys` in one read; null when the object has no meta table yet (a fresh object). */
export function readMeta(sql: SqlStorage, keys: readonly MetaKey[]): Map<MetaKey, string> | null {
  try {
    const rows = sql.exec<{ key: MetaKey; value: string }>(
      `SELECT key, value FROM ${META_TABLE} WHERE key IN (${keys.map(() => "?").join(", ")})`,
      ...keys,
    );
    return new Map(Array.from(rows, (r) => [r.key, r.value]));
  } catch (error) {
    if (isMissingTable(error)) return null;
    throw error;
  }
}

export function writeMeta(sql: SqlStorage, key: MetaKey, value: string): void {
  sql.exec(
    `INSERT INTO ${META_TABLE} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    key,
    value,
  );
}

export function deleteMeta(sql: SqlStorage, key: MetaKey): void {
  sql.exec(`DELETE FROM ${META_TABLE} WHERE key = ?`, key);
}
