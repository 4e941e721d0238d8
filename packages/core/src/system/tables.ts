/**
 * Every table userdo itself owns starts with this prefix; plugins put their own
 * name after it (`_userdo_log`, `_userdo_billing_ledger`). The platform's own
 * tables start with `_cf_` and are never touched.
 */
export const SYSTEM_PREFIX = "_userdo_";

/** Applied migrations: one row each, in the order they ran. */
export const MIGRATIONS_TABLE = `${SYSTEM_PREFIX}migrations`;

/** Small key/value facts about the object: schema fingerprint, name. */
export const META_TABLE = `${SYSTEM_PREFIX}meta`;

export const CREATE_SYSTEM_TABLES = `
CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ${META_TABLE} (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;`;

/** True when a table or column the statement needs does not exist yet. */
export function isMissingTable(error: unknown): boolean {
  return error instanceof Error && /no such table/i.test(error.message);
}
