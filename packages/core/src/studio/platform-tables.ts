import { UserDOError } from "../errors.js";
import { type SqlStatementTokens, statementNames } from "./sql-statements.js";

/** Tables the platform keeps in every object (`_cf_KV`, `_cf_METADATA`, ...): never read or written here. */
export const PLATFORM_TABLE_PREFIX = "_cf_";

/** True for a name in the platform's namespace (`_cf_KV`, any case). */
export function isPlatformName(value: unknown): boolean {
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
