import { ConfigurationError, type UserDOError } from "../errors.js";
import type { ReplicationRule } from "../plugin/plugin.js";
import { SYSTEM_PREFIX } from "../system/tables.js";
import { OUTBOX_TABLE, REPLICATION_STATE_TABLE } from "./replication-state.js";
import { isColumnType } from "./column-type.js";
import { looksSecret } from "./secret-columns.js";

/** A table whose changes are captured, with the columns that replicate. */
export interface CapturedTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** True when every column replicates (then any update is captured). */
  readonly whole: boolean;
  /** The INTEGER PRIMARY KEY column that aliases the rowid, if any. */
  readonly rowidAlias: string | null;
}

/** Table and column names that replicate: plain SQL identifiers, so every sink can take them. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Columns every master table adds; a source table may not use these names. */
export const RESERVED_COLUMNS: readonly string[] = ["_source", "_rowid"];

/**
 * Parameters a master binds per row besides the values (source and rowid):
 * a table may replicate at most 100 - 2 columns, the platform's limit.
 */
export const MAX_REPLICATED_COLUMNS = 98;

const INTERNAL_TABLES = new Set([
  OUTBOX_TABLE,
  REPLICATION_STATE_TABLE,
  `${SYSTEM_PREFIX}tasks`,
  `${SYSTEM_PREFIX}meta`,
  `${SYSTEM_PREFIX}migrations`,
]);

function configError(message: string): UserDOError {
  return new ConfigurationError("replication_config", `replication: ${message}`);
}

function resolveTable(sql: SqlStorage, rule: ReplicationRule): CapturedTable {
  const name = rule.table;
  if (typeof name !== "string" || name === "") throw configError("every rule needs a table name");
  if (!IDENTIFIER.test(name))
    throw configError(`table "${name}" is not a plain identifier (letters, digits, _), which masters require`);
  if (name.startsWith("_cf_") || name.toLowerCase().startsWith("sqlite_") || INTERNAL_TABLES.has(name)) {
    throw configError(`table "${name}" is internal and cannot replicate`);
  }
  const listed = sql
    .exec<{ type: string; wr: number }>(
      "SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?",
      name,
    )
    .toArray();
  if (listed.length === 0 || listed[0]!.type !== "table")
    throw configError(`table "${name}" does not exist (is its migration declared?)`);
  if (listed[0]!.wr === 1) {
    throw configError(`table "${name}" is WITHOUT ROWID; only rowid tables replicate (rows are identified by rowid)`);
  }
  const info = sql
    .exec<{ name: string; type: string; pk: number }>(
      "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid",
      name,
    )
    .toArray();
  const pks = info.filter((c) => c.pk > 0);
  const rowidAlias = pks.length === 1 && pks[0]!.type.toUpperCase() === "INTEGER" ? pks[0]!.name : null;
  let columns = info;
  if (rule.columns === undefined) {
    const secret = info.filter((c) => looksSecret(c.name)).map((c) => c.name);
    if (secret.length > 0) {
      throw configError(
        `table "${name}" has columns that look secret (${secret.join(", ")}); list the columns that may replicate in "columns"`,
      );
    }
  } else {
    if (!Array.isArray(rule.columns) || rule.columns.length === 0)
      throw configError(`"columns" of table "${name}" must list at least one column`);
    const byName = new Map(info.map((c) => [c.name, c]));
    columns = rule.columns.map((column) => {
      const found = byName.get(column);
      if (!found) throw configError(`table "${name}" has no column "${column}"`);
      return found;
    });
    if (new Set(rule.columns).size !== rule.columns.length)
      throw configError(`"columns" of table "${name}" lists a column twice`);
  }
  const odd = columns.find((c) => !IDENTIFIER.test(c.name));
  if (odd)
    throw configError(
      `column "${odd.name}" of table "${name}" is not a plain identifier (letters, digits, _), which masters require`,
    );
  const oddType = columns.find((c) => !isColumnType(c.type));
  if (oddType)
    throw configError(
      `column "${oddType.name}" of table "${name}" has the type ${JSON.stringify(oddType.type)}, which a master cannot declare; use a plain type (TEXT, INTEGER, REAL, BLOB, NUMERIC, VARCHAR(20), ...)`,
    );
  const reserved = columns.find((c) => RESERVED_COLUMNS.includes(c.name));
  if (reserved) throw configError(`table "${name}" has a column named "${reserved.name}", which masters reserve`);
  if (columns.length > MAX_REPLICATED_COLUMNS) {
    throw configError(
      `table "${name}" replicates ${columns.length} columns; at most ${MAX_REPLICATED_COLUMNS} fit the platform's 100 bound parameters`,
    );
  }
  return {
    name,
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
    whole: rule.columns === undefined,
    rowidAlias,
  };
}

/** Checks the rules against the live schema and returns what will be captured. A config error names the problem. */
export function resolveTables(sql: SqlStorage, rules: readonly ReplicationRule[]): CapturedTable[] {
  const seen = new Set<string>();
  return rules.map((rule) => {
    if (seen.has(rule.table)) throw configError(`table "${rule.table}" is listed twice`);
    seen.add(rule.table);
    return resolveTable(sql, rule);
  });
}
