import type { CompiledQuery, QueryResult } from "kysely";
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
  const rows = cursor.toArray() as R[];
  if (!MUTATIONS.has(query.query.kind)) return { rows };
  // changes() is exact where rowsWritten also counts index writes.
  const info = sql.exec<{ changes: number; id: number }>("SELECT changes() AS changes, last_insert_rowid() AS id").one();
  return {
    rows,
    numAffectedRows: BigInt(info.changes),
    insertId: query.query.kind === "InsertQueryNode" ? BigInt(info.id) : undefined,
  };
}
