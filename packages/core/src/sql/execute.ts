import type { CompiledQuery, QueryResult, RootOperationNode } from "kysely";
import { bindParameters, checkStatement } from "./limits.js";

const MUTATIONS = new Set(["InsertQueryNode", "UpdateQueryNode", "DeleteQueryNode", "MergeQueryNode"]);

/** What a statement did, read from its cursor. */
export interface RunResult {
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

/**
 * Runs SQL text on the object's storage after checking the platform's limits,
 * so an oversized statement is a clear 400 error instead of a SQLite crash.
 * Typed arrays are bound as their bytes (the platform binds only ArrayBuffer).
 */
export function execChecked<R extends Record<string, SqlStorageValue>>(
  sql: SqlStorage,
  text: string,
  parameters: readonly unknown[],
): SqlStorageCursor<R> {
  checkStatement(text);
  return sql.exec<R>(text, ...bindParameters(parameters));
}

// Statements SQLite refused with a RETURNING clause added (a WITHOUT ROWID
// table has no rowid; a virtual table's UPDATE takes none): they read their
// counts with a second statement from then on. Bounded: a program has few.
const refusedReturning = new Set<string>();
const MAX_REFUSED = 500;

/**
 * Executes a compiled Kysely query synchronously and shapes the answer as
 * Kysely's `QueryResult`. The cursor is read to the end before returning, as
 * the platform requires before any `await`.
 *
 * A write without RETURNING runs as ONE statement: `RETURNING rowid` (an
 * INSERT) or `RETURNING 1` (an UPDATE or DELETE) is added to it, and Kysely's
 * counts come from the rows it answers: `numAffectedRows` is their number
 * (what SQLite's `changes()` counts: the statement's own rows, not index or
 * trigger writes), `insertId` the rowid of the last row inserted, or
 * `undefined` when the statement inserted none (an `ON CONFLICT DO NOTHING`
 * that met a conflict; SQLite's `last_insert_rowid()` would repeat an earlier
 * statement's id there). Where SQLite refuses the clause (a WITHOUT ROWID
 * table has no rowid; a virtual table's UPDATE or DELETE takes none), and for the rare shapes it cannot be appended to (ORDER BY
 * or LIMIT on an UPDATE or DELETE, raw end modifiers), the counts are read
 * with a second statement, `SELECT changes(), last_insert_rowid()`.
 */
export function executeCompiled<R>(sql: SqlStorage, query: CompiledQuery): QueryResult<R> {
  // A statement that answers rows (a SELECT, or a write with RETURNING) answers
  // only its rows, as Kysely's own SQLite driver does: Kysely's builders read
  // the rows then and never the counts.
  if (answersRows(query.query)) return { rows: execChecked(sql, query.sql, query.parameters).toArray() as R[] };
  const isInsert = query.query.kind === "InsertQueryNode";
  const clause = countingClause(query.query);
  if (clause !== null && !refusedReturning.has(query.sql)) {
    let cursor: SqlStorageCursor<Record<string, SqlStorageValue>>;
    try {
      cursor = execChecked(sql, query.sql + clause, query.parameters);
    } catch (error) {
      if (!refusesReturning(error)) throw error;
      if (refusedReturning.size >= MAX_REFUSED) refusedReturning.clear();
      refusedReturning.add(query.sql);
      return countedBySecondStatement(sql, query, isInsert);
    }
    let count = 0;
    let last: SqlStorageValue = null;
    for (const row of cursor.raw()) {
      count++;
      last = row[0]!;
    }
    const numAffectedRows = BigInt(count);
    if (!isInsert) return { rows: [], numAffectedRows };
    if (count === 0) return { rows: [], numAffectedRows };
    // A virtual table (FTS5) picks the rowid after RETURNING saw it (-1, or
    // null): SQLite knows the rowid it picked. For a plain table's real -1,
    // last_insert_rowid() says the same.
    if (last === null || last === -1) last = sql.exec<{ id: number }>("SELECT last_insert_rowid() AS id").one().id;
    return { rows: [], numAffectedRows, insertId: BigInt(last as number) };
  }
  return countedBySecondStatement(sql, query, isInsert);
}

function countedBySecondStatement<R>(sql: SqlStorage, query: CompiledQuery, isInsert: boolean): QueryResult<R> {
  // The write had no rows and was done when exec returned.
  execChecked(sql, query.sql, query.parameters);
  const info = sql
    .exec<{ changes: number; id: number }>("SELECT changes() AS changes, last_insert_rowid() AS id")
    .one();
  const numAffectedRows = BigInt(info.changes);
  return isInsert ? { rows: [], numAffectedRows, insertId: BigInt(info.id) } : { rows: [], numAffectedRows };
}

// A newline first, so that a statement ending in a `--` comment still ends there.
const INSERT_COUNTS = "\nRETURNING rowid";
const WRITE_COUNTS = "\nRETURNING 1";

/**
 * The clause that makes a write answer one row per row it wrote, or null
 * where it cannot simply be appended: on an UPDATE or DELETE, SQLite's
 * RETURNING goes before ORDER BY and LIMIT; raw end modifiers may be anything.
 */
function countingClause(node: RootOperationNode): string | null {
  if ("endModifiers" in node && node.endModifiers && node.endModifiers.length > 0) return null;
  if (node.kind === "InsertQueryNode") return INSERT_COUNTS;
  if (node.kind === "UpdateQueryNode" || node.kind === "DeleteQueryNode")
    return node.orderBy || node.limit ? null : WRITE_COUNTS;
  return null;
}

// SQLite checks a statement when it prepares it, before it writes anything,
// so a refused clause means nothing ran: running it again without is safe.
// Only SQLite's own two refusals match, from the message's start: a trigger's
// RAISE message that merely mentions them does not (it may follow writes that
// RAISE(FAIL) keeps, so running the statement again would repeat them).
const REFUSED = /^(UPDATE|DELETE) RETURNING is not available on virtual tables|^no such column: rowid\b/;
function refusesReturning(error: unknown): boolean {
  return error instanceof Error && REFUSED.test(error.message);
}

/**
 * False for a write without RETURNING (INSERT, UPDATE, DELETE): its cursor
 * never has a row, and SQLite has done all of its work by the time `exec`
 * returns. An EXPLAIN of a write answers the plan's rows.
 */
export function answersRows(node: RootOperationNode): boolean {
  if ("explain" in node && node.explain) return true;
  return !MUTATIONS.has(node.kind) || ("returning" in node && node.returning !== undefined);
}
