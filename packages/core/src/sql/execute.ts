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

/**
 * Executes a compiled Kysely query synchronously and shapes the answer as
 * Kysely's `QueryResult`. The cursor is read to the end before returning, as
 * the platform requires before any `await`.
 */
export function executeCompiled<R>(sql: SqlStorage, query: CompiledQuery): QueryResult<R> {
  const cursor = execChecked(sql, query.sql, query.parameters);
  // A statement that answers rows (a SELECT, or a write with RETURNING) answers
  // only its rows, as Kysely's own SQLite driver does: Kysely's builders read
  // the rows then and never the counts, so asking SQLite for them would be a
  // second statement for nothing.
  if (answersRows(query.query)) return { rows: cursor.toArray() as R[] };
  // A write without RETURNING has no rows and was done when exec returned.
  // changes() is exact where rowsWritten also counts index writes; it costs
  // a second statement, which Kysely's results need (numAffectedRows, insertId).
  const info = sql
    .exec<{ changes: number; id: number }>("SELECT changes() AS changes, last_insert_rowid() AS id")
    .one();
  const rows: R[] = [];
  const numAffectedRows = BigInt(info.changes);
  return query.query.kind === "InsertQueryNode"
    ? { rows, numAffectedRows, insertId: BigInt(info.id) }
    : { rows, numAffectedRows };
}

/**
 * False for a write without RETURNING (INSERT, UPDATE, DELETE): its cursor
 * never has a row, and SQLite has done all its work by the time `exec` returns.
 */
export function answersRows(node: RootOperationNode): boolean {
  return !MUTATIONS.has(node.kind) || ("returning" in node && node.returning !== undefined);
}
