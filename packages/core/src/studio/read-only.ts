import { UserDOError } from "../errors.js";
import { type SqlStatementTokens, statementVerb } from "./sql-statements.js";

// Statements that cannot change the database.
const READ_VERBS = new Set(["SELECT", "VALUES"]);

// PRAGMAs that only report, with or without an argument (the argument names a
// table or index, or caps quick_check's output).
const REPORTING_PRAGMAS = new Set([
  "table_info",
  "table_xinfo",
  "table_list",
  "index_list",
  "index_info",
  "index_xinfo",
  "foreign_key_list",
  "foreign_key_check",
  "quick_check",
]);

// Settings that are read when called bare and changed when given a value
// (`PRAGMA foreign_keys` reads, `PRAGMA foreign_keys(0)` and `= 0` write).
const READABLE_SETTINGS = new Set([
  "foreign_keys",
  "defer_foreign_keys",
  "recursive_triggers",
  "page_count",
  "page_size",
  "freelist_count",
  "encoding",
  "compile_options",
  "collation_list",
  "function_list",
  "module_list",
  "pragma_list",
  "database_list",
  "data_version",
]);

/** The pragma's name (`PRAGMA main.table_info(t)` is "table_info") and whether it has an argument or a value. */
function pragmaOf(tokens: SqlStatementTokens): { name: string; argument: boolean } {
  const qualified = tokens[2]?.text === ".";
  const nameToken = tokens[qualified ? 3 : 1];
  const rest = tokens.slice(qualified ? 4 : 2);
  return { name: nameToken?.text.toLowerCase() ?? "", argument: rest.length > 0 };
}

// The statement that `EXPLAIN` or `EXPLAIN QUERY PLAN` describes, or null when
// the statement is no EXPLAIN. SQLite does not run the explained statement, but
// it prepares it, and preparing a flag pragma (`case_sensitive_like = ON`,
// `recursive_triggers = OFF`) already changes the connection: so the inner
// statement is checked like any other.
function explained(tokens: SqlStatementTokens): SqlStatementTokens | null {
  const isWord = (i: number, text: string) => tokens[i]?.kind === "word" && tokens[i]!.text === text;
  if (!isWord(0, "EXPLAIN")) return null;
  return tokens.slice(isWord(1, "QUERY") && isWord(2, "PLAN") ? 3 : 1);
}

function readsOnly(tokens: SqlStatementTokens): boolean {
  const inner = explained(tokens);
  if (inner !== null) return inner.length > 0 && readsOnly(inner);
  const verb = statementVerb(tokens);
  if (READ_VERBS.has(verb)) return true;
  if (verb !== "PRAGMA") return false;
  const { name, argument } = pragmaOf(tokens);
  if (tokens.some((t) => t.kind === "symbol" && t.text === "=")) return false;
  return REPORTING_PRAGMAS.has(name) || (!argument && READABLE_SETTINGS.has(name));
}

// "EXPLAIN DELETE" rather than "EXPLAIN" in the refusal.
function explainedVerb(tokens: SqlStatementTokens, verb: string): string {
  const inner = explained(tokens);
  return inner === null ? verb : `EXPLAIN ${statementVerb(inner) || "of nothing"}`;
}

/**
 * A statement that would write, refused under read-only access (HTTP 403,
 * code `read_only`).
 *
 * @example
 * ```ts
 * throw new ReadOnlyError("only SELECT is allowed here"); // message: "read-only access: only SELECT is allowed here"
 * ```
 */
export class ReadOnlyError extends UserDOError {
  override readonly name = "ReadOnlyError";
  constructor(detail: string) {
    super(403, "read_only", `read-only access: ${detail}`);
  }
}

/**
 * Refuses, before anything runs, a statement that is not a read: only SELECT,
 * VALUES and reporting PRAGMAs pass (a `WITH` counts as the statement after
 * it), and `EXPLAIN` or `EXPLAIN QUERY PLAN` of one of those. No pragma that
 * changes a setting passes, not even inside EXPLAIN. The executor also rolls
 * back anything that wrote all the same; this check makes the refusal clear,
 * keeps no-op writes out, and stops what a rollback cannot undo (a setting).
 *
 * @example
 * ```ts
 * assertReadOnly(splitStatements("SELECT * FROM todo")); // passes
 * assertReadOnly(splitStatements("DELETE FROM todo"));   // throws ReadOnlyError (403)
 * ```
 */
export function assertReadOnly(statements: readonly SqlStatementTokens[]): void {
  for (const tokens of statements) {
    if (!readsOnly(tokens)) {
      const verb = statementVerb(tokens) || "this statement";
      throw new ReadOnlyError(
        `only SELECT, VALUES, reporting PRAGMAs and EXPLAIN of those are allowed, not ${explainedVerb(tokens, verb)}`,
      );
    }
  }
}
