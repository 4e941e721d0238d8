import { UserDOError } from "../errors.js";
import { type SqlStatementTokens, statementNames } from "./sql-statements.js";
import type { StudioValue } from "./studio-protocol.js";

/** Tables the platform keeps in every object (`_cf_KV`, ...): never read or written here. */
export const PLATFORM_TABLE_PREFIX = "_cf_";

// Tables and table-valued pragmas that list the schema, and the columns
// in which they name a table or index.
const SCHEMA_LISTS = new Set(["sqlite_schema", "sqlite_master", "table_list", "pragma_table_list", "sqlite_stat1"]);
const NAME_COLUMNS = new Set(["name", "tbl_name", "tbl"]);

function isPlatformName(value: unknown): boolean {
  return typeof value === "string" && value.toLowerCase().startsWith(PLATFORM_TABLE_PREFIX);
}

/**
 * Refuses a statement that names a platform table (403): the platform denies
 * reading them (SQLITE_AUTH) and userdo never writes them. String literals do
 * not count, so `WHERE name LIKE '_cf_%'` on the schema is fine.
 *
 * @example
 * ```ts
 * assertNoPlatformTable(splitStatements("SELECT * FROM _cf_KV")[0]!); // throws (403, "platform_table")
 * ```
 */
export function assertNoPlatformTable(tokens: SqlStatementTokens): void {
  const name = statementNames(tokens).find((n) => n.startsWith(PLATFORM_TABLE_PREFIX));
  if (name !== undefined) {
    throw new UserDOError(
      403,
      "platform_table",
      `tables starting with ${PLATFORM_TABLE_PREFIX} belong to the platform and cannot be queried`,
    );
  }
}

/** True when the statement reads a list of the schema (sqlite_schema, table_list, ...). */
export function listsSchema(tokens: SqlStatementTokens): boolean {
  return statementNames(tokens).some((n) => SCHEMA_LISTS.has(n));
}

/**
 * Drops the rows that describe platform tables from a schema listing, so a
 * browser such as Outerbase Studio never offers a table it cannot open.
 *
 * @example
 * ```ts
 * hidePlatformRows(["type", "name"], [["table", "todo"], ["table", "_cf_KV"]]); // [["table", "todo"]]
 * ```
 */
export function hidePlatformRows(columns: readonly string[], rows: StudioValue[][]): StudioValue[][] {
  const indexes = columns.flatMap((c, i) => (NAME_COLUMNS.has(c.toLowerCase()) ? [i] : []));
  if (indexes.length === 0) return rows;
  return rows.filter((row) => !indexes.some((i) => isPlatformName(row[i])));
}
