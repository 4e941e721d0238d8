import { isPlatformName } from "./platform-tables.js";
import { type SqlStatementTokens, type SqlToken, statementNames } from "./sql-statements.js";
import type { StudioValue } from "../shared/studio-protocol.js";

/**
 * Keeps the platform's own objects (`_cf_KV`, `_cf_METADATA`) out of what the
 * studio shows of the schema, so a browser such as Outerbase Studio never
 * offers a table it cannot open, and no projection of the schema (`sql`,
 * aliases, aggregates) shows one either.
 */

const SCHEMA_TABLES = new Set(["sqlite_schema", "sqlite_master"]);

// Lists of the schema whose rows are filtered after they are read.
const SCHEMA_LISTS = new Set([...SCHEMA_TABLES, "table_list", "pragma_table_list", "sqlite_stat1"]);

// The main schema without the platform's rows: what `sqlite_schema` reads as in the studio.
const VISIBLE_SCHEMA =
  "(SELECT * FROM \"main\".sqlite_schema WHERE lower(substr(name, 1, 4)) <> '_cf_' AND lower(substr(tbl_name, 1, 4)) <> '_cf_')";

// Words that may follow a table in FROM when the table has no alias.
const AFTER_TABLE = new Set([
  "WHERE",
  "JOIN",
  "LEFT",
  "RIGHT",
  "FULL",
  "INNER",
  "CROSS",
  "NATURAL",
  "OUTER",
  "ON",
  "USING",
  "GROUP",
  "ORDER",
  "LIMIT",
  "OFFSET",
  "UNION",
  "EXCEPT",
  "INTERSECT",
  "WINDOW",
  "HAVING",
  "INDEXED",
  "NOT",
  "RETURNING",
]);

// Clause words that end a FROM list (looking backwards from a comma).
const NOT_FROM = new Set(["SELECT", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "SET", "VALUES", "ON", "USING"]);

const isSymbol = (t: SqlToken | undefined, text: string) => t?.kind === "symbol" && t.text === text;
const isWord = (t: SqlToken | undefined, ...texts: string[]) => t?.kind === "word" && texts.includes(t.text);

// True when the token at `index` stands where FROM takes a table: after FROM,
// JOIN, or a comma of a FROM list.
function takesTable(tokens: SqlStatementTokens, index: number): boolean {
  const before = tokens[index - 1];
  if (isWord(before, "FROM", "JOIN")) return true;
  if (!isSymbol(before, ",")) return false;
  const depth = before!.depth;
  for (let i = index - 2; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.depth !== depth) continue;
    if (isWord(t, "FROM", "JOIN")) return true;
    if (t.kind === "word" && NOT_FROM.has(t.text)) return false;
  }
  return false;
}

// The edit that reads `[main.]sqlite_schema` at `index` as the visible schema, or null.
function schemaEdit(tokens: SqlStatementTokens, index: number): { start: number; end: number; text: string } | null {
  const token = tokens[index]!;
  if ((token.kind !== "word" && token.kind !== "name") || !SCHEMA_TABLES.has(token.text.toLowerCase())) return null;
  if (isSymbol(tokens[index + 1], ".")) return null; // a qualifier: sqlite_schema.name
  let first = index;
  if (isSymbol(tokens[index - 1], ".")) {
    // temp.sqlite_schema lists temporary objects only: no platform rows there.
    if (tokens[index - 2]?.text.toLowerCase() !== "main") return null;
    first = index - 2;
  }
  if (!takesTable(tokens, first)) return null;
  const next = tokens[index + 1];
  const aliased = next !== undefined && (next.kind === "name" || (next.kind === "word" && !AFTER_TABLE.has(next.text)));
  const alias = aliased ? "" : ` AS ${token.text.toLowerCase()}`;
  return { start: tokens[first]!.start, end: token.end, text: `${VISIBLE_SCHEMA}${alias}` };
}

/**
 * The SQL to run for `sql`: every table reference to `sqlite_schema` or
 * `sqlite_master` (bare or `main.`-qualified) reads the schema without the
 * platform's rows, under the same name, so `SELECT * FROM "main".sqlite_schema`,
 * `SELECT sql FROM sqlite_master` and `SELECT group_concat(name) FROM
 * sqlite_schema` all leave them out. Other SQL comes back unchanged.
 *
 * @example
 * ```ts
 * const sql = 'SELECT name FROM "main".sqlite_schema';
 * withPlatformSchemaHidden(sql, splitStatements(sql));
 * // SELECT name FROM (SELECT * FROM "main".sqlite_schema WHERE lower(substr(name, 1, 4)) <> '_cf_' AND ...) AS sqlite_schema
 * ```
 */
export function withPlatformSchemaHidden(sql: string, statements: readonly SqlStatementTokens[]): string {
  const edits = statements.flatMap((tokens) =>
    tokens.flatMap((_, i) => {
      const edit = schemaEdit(tokens, i);
      return edit ? [edit] : [];
    }),
  );
  let out = sql;
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** True when the statement reads a list of the schema (sqlite_schema, table_list, ...). */
export function listsSchema(tokens: SqlStatementTokens): boolean {
  return statementNames(tokens).some((n) => SCHEMA_LISTS.has(n));
}

/**
 * Drops the rows of a schema listing in which any value names a platform
 * object (`PRAGMA table_list`, `pragma_table_list`, whatever the columns are
 * called), the second lock after {@link withPlatformSchemaHidden}.
 *
 * @example
 * ```ts
 * hidePlatformRows([["main", "todo", "table"], ["main", "_cf_KV", "table"]]); // [["main", "todo", "table"]]
 * ```
 */
export function hidePlatformRows(rows: StudioValue[][]): StudioValue[][] {
  return rows.filter((row) => !row.some(isPlatformName));
}
