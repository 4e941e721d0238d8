import { UserDOError } from "../errors.js";
import type { SqlStatementTokens } from "./sql-statements.js";

/** Tables the platform keeps in every object (`_cf_KV`, `_cf_METADATA`, ...): never read or written here. */
export const PLATFORM_TABLE_PREFIX = "_cf_";

/** True for a name in the platform's namespace (`_cf_KV`, any case). */
export function isPlatformName(value: unknown): boolean {
  return typeof value === "string" && value.toLowerCase().startsWith(PLATFORM_TABLE_PREFIX);
}

/** The names (bare or quoted, lower-cased) of a statement that start with `_cf_`: candidates, not verdicts. */
export function platformLookingNames(tokens: SqlStatementTokens): string[] {
  return tokens
    .filter((t) => (t.kind === "word" || t.kind === "name") && isPlatformName(t.text))
    .map((t) => t.text.toLowerCase());
}

/**
 * The platform's objects (tables, indexes) that exist in this database,
 * lower-cased. The studio asks only when a statement names something that
 * starts with `_cf_`.
 */
export function existingPlatformObjects(exec: (sql: string) => Iterable<SqlStorageValue[]>): Set<string> {
  const rows = exec(
    `SELECT lower(name) FROM sqlite_schema WHERE lower(substr(name, 1, ${PLATFORM_TABLE_PREFIX.length})) = '${PLATFORM_TABLE_PREFIX}'`,
  );
  return new Set(Array.from(rows, (row) => String(row[0])));
}

function platformTableError(): UserDOError {
  return new UserDOError(
    403,
    "platform_table",
    `tables starting with ${PLATFORM_TABLE_PREFIX} belong to the platform and cannot be queried`,
  );
}

/**
 * Refuses (403 `platform_table`) a statement that names one of the platform's
 * objects in this database (`SELECT * FROM _cf_KV`, `CREATE VIEW v AS SELECT *
 * FROM _cf_KV`), before anything runs. A name that merely starts with `_cf_`
 * (a column `_cf_flag`, an alias `AS _cf_x`) is the user's own and passes;
 * string literals never count, so `WHERE name LIKE '_cf_%'` is fine.
 *
 * @example
 * ```ts
 * assertNoPlatformTable(splitStatements("SELECT * FROM _cf_KV")[0]!, new Set(["_cf_kv"])); // throws (403)
 * assertNoPlatformTable(splitStatements("SELECT _cf_flag FROM t")[0]!, new Set(["_cf_kv"])); // passes
 * ```
 */
export function assertNoPlatformTable(tokens: SqlStatementTokens, platformObjects: ReadonlySet<string>): void {
  if (platformLookingNames(tokens).some((name) => platformObjects.has(name))) throw platformTableError();
}

/**
 * The 403 for an error of SQLite's on a statement that names something in the
 * platform's namespace (a name or a string): the platform itself refuses (SQLITE_AUTH) to create,
 * read or change any `_cf_` object, including ones that do not exist yet
 * (`CREATE TABLE _cf_x`). Any other error: null.
 *
 * @example
 * ```ts
 * platformRefusal(new Error("not authorized: SQLITE_AUTH"), splitStatements("CREATE TABLE _cf_x (a)")); // the 403
 * ```
 */
export function platformRefusal(error: unknown, pieces: readonly SqlStatementTokens[]): UserDOError | null {
  const message = error instanceof Error ? error.message : String(error);
  if (!/SQLITE_AUTH/.test(message)) return null;
  // Strings count here: a table-valued pragma takes the table's name as one (`pragma_table_info('_cf_KV')`).
  const named = pieces.some((tokens) => tokens.some((t) => t.kind !== "symbol" && isPlatformName(t.text)));
  return named ? platformTableError() : null;
}
