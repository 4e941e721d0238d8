import type { CompiledQuery, DatabaseConnection, QueryResult } from "kysely";
import { executeCompiled } from "./execute.js";

/**
 * Kysely's connection to a Durable Object's SQLite storage. There is one
 * connection per object: `sql.exec` is synchronous, so queries never overlap.
 */
export class DurableSqliteConnection implements DatabaseConnection {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return executeCompiled<R>(this.#sql, query);
  }

  // The cursor must be drained before the generator yields (and so awaits).
  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = executeCompiled<R>(this.#sql, query);
    for (let i = 0; i < rows.length; i += chunkSize) {
      yield { rows: rows.slice(i, i + chunkSize) };
    }
  }
}
