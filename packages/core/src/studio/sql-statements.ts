/**
 * A small SQLite tokenizer: enough to split SQL text into statements and see
 * their keywords and names, never to parse them. The studio uses it to check
 * what a statement does before SQLite runs it (read-only access, platform
 * tables); SQLite itself still parses and runs the text as sent.
 */

/** One token: a bare word (upper-cased), a quoted name (unquoted), a string literal, or a symbol. */
export interface SqlToken {
  readonly kind: "word" | "name" | "string" | "symbol";
  readonly text: string;
  /** Parenthesis depth the token is at (0 = the statement's own level). */
  readonly depth: number;
  /** Where the token starts and ends in the SQL text given to {@link splitStatements} (end exclusive). */
  readonly start: number;
  readonly end: number;
}

/** The tokens of one statement, in order. */
export type SqlStatementTokens = readonly SqlToken[];

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
const SPACE = /\s/;

// Reads a quoted token starting at `start` whose closing quote is `close`;
// a doubled closing quote inside stands for one (SQL's escape). Unterminated
// text runs to the end: SQLite will report it.
function readQuoted(sql: string, start: number, close: string, doubling: boolean): { text: string; end: number } {
  let text = "";
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === close) {
      if (doubling && sql[i + 1] === close) {
        text += close;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += c;
    i++;
  }
  return { text, end: i };
}

/**
 * Splits SQL text into statements at top-level semicolons (not inside strings,
 * quoted names or comments) and tokenizes each. Empty statements are dropped.
 * A `CREATE TRIGGER` body, whose inner semicolons SQLite keeps together, comes
 * out as several pieces: fine for the checks here, which refuse it anyway.
 *
 * @example
 * ```ts
 * splitStatements("SELECT 'a;b'; -- done").length; // 1
 * splitStatements('DELETE FROM "t"')[0]; // [{kind: "word", text: "DELETE"}, {kind: "word", text: "FROM"}, {kind: "name", text: "t"}]
 * ```
 */
export function splitStatements(sql: string): SqlStatementTokens[] {
  const statements: SqlStatementTokens[] = [];
  let tokens: SqlToken[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: SqlToken["kind"], text: string, start: number, end: number) =>
    tokens.push({ kind, text, depth, start, end });
  while (i < sql.length) {
    const c = sql[i]!;
    if (SPACE.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'") {
      const { text, end } = readQuoted(sql, i, "'", true);
      push("string", text, i, end);
      i = end;
    } else if (c === '"' || c === "`") {
      const { text, end } = readQuoted(sql, i, c, true);
      push("name", text, i, end);
      i = end;
    } else if (c === "[") {
      const { text, end } = readQuoted(sql, i, "]", false);
      push("name", text, i, end);
      i = end;
    } else if (c === ";") {
      if (tokens.length > 0) statements.push(tokens);
      tokens = [];
      depth = 0;
      i++;
    } else if (WORD.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD.test(sql[end]!)) end++;
      push("word", sql.slice(i, end).toUpperCase(), i, end);
      i = end;
    } else {
      if (c === ")") depth = Math.max(0, depth - 1);
      push("symbol", c, i, i + 1);
      if (c === "(") depth++;
      i++;
    }
  }
  if (tokens.length > 0) statements.push(tokens);
  return statements;
}

const MAIN_VERBS = new Set(["SELECT", "VALUES", "INSERT", "REPLACE", "UPDATE", "DELETE"]);

/**
 * The statement's verb: its first keyword, or for `WITH ...` the verb of the
 * statement after the common table expressions (`WITH x AS (...) DELETE ...`
 * is a DELETE). Empty string when the statement starts with no keyword.
 *
 * @example
 * ```ts
 * statementVerb(splitStatements("WITH t AS (SELECT 1) DELETE FROM x")[0]!); // "DELETE"
 * ```
 */
export function statementVerb(tokens: SqlStatementTokens): string {
  const first = tokens[0];
  if (first?.kind !== "word") return "";
  if (first.text !== "WITH") return first.text;
  const main = tokens.find((t, i) => i > 0 && t.depth === 0 && t.kind === "word" && MAIN_VERBS.has(t.text));
  return main?.text ?? "WITH";
}

/** Names (bare or quoted) the statement mentions, lower-cased: tables, columns, functions, aliases. */
export function statementNames(tokens: SqlStatementTokens): string[] {
  return tokens.filter((t) => t.kind === "word" || t.kind === "name").map((t) => t.text.toLowerCase());
}
