import type { Compilable, CompiledQuery, Kysely } from "kysely";
import { type RunResult, answersRows, execChecked, executeCompiled } from "./execute.js";
import { type Param, PreparedQuery, countsOf, drain, prepare } from "./prepared-query.js";

type Query<R> = Compilable<R> | CompiledQuery<R>;

function compiled<R>(query: Query<R>): CompiledQuery<R> {
  return "compile" in query ? query.compile() : query;
}

/**
 * The synchronous query path. Every method runs and finishes before it
 * returns, so several of them fit in one `ctx.storage.transactionSync`, the
 * platform's only real transaction. Pass a {@link PreparedQuery} and its
 * parameters for the fastest path; a Kysely builder is compiled on each call.
 *
 * @example
 * ```ts
 * declare const amount: number;
 * this.transactionSync(() => {
 *   const { balance } = this.sync.exec<{ balance: number }>("SELECT balance FROM account WHERE id = ?", id).one();
 *   if (balance < amount) throw new Error("insufficient funds");
 *   this.sync.exec("UPDATE account SET balance = balance - ? WHERE id = ?", amount, id);
 * });
 * ```
 */
export class SyncSql<DB> {
  readonly #sql: SqlStorage;
  readonly #db: Kysely<DB>;

  constructor(sql: SqlStorage, db: Kysely<DB>) {
    this.#sql = sql;
    this.#db = db;
  }

  /** Every row, as objects. */
  all<P, R>(query: PreparedQuery<P, R>, params: P): R[];
  all<R>(query: Query<R>): R[];
  all<P, R>(query: PreparedQuery<P, R> | Query<R>, params?: P): R[] {
    if (query instanceof PreparedQuery) return query.all(this.#sql, params as P);
    return executeCompiled<R>(this.#sql, compiled(query)).rows;
  }

  /** The first row, or undefined. */
  first<P, R>(query: PreparedQuery<P, R>, params: P): R | undefined;
  first<R>(query: Query<R>): R | undefined;
  first<P, R>(query: PreparedQuery<P, R> | Query<R>, params?: P): R | undefined {
    if (query instanceof PreparedQuery) return query.first(this.#sql, params as P);
    return executeCompiled<R>(this.#sql, compiled(query)).rows[0];
  }

  /** Rows as arrays of values in column order (cheapest for many rows). */
  raw<P, R>(query: PreparedQuery<P, R>, params: P): SqlStorageValue[][];
  raw<R>(query: Query<R>): SqlStorageValue[][];
  raw<P, R>(query: PreparedQuery<P, R> | Query<R>, params?: P): SqlStorageValue[][] {
    if (query instanceof PreparedQuery) return query.raw(this.#sql, params as P);
    const { sql, parameters } = compiled(query);
    return Array.from(execChecked(this.#sql, sql, parameters).raw());
  }

  /** Runs a statement for its effect. */
  run<P, R>(query: PreparedQuery<P, R>, params: P): RunResult;
  run<R>(query: Query<R>): RunResult;
  run<P, R>(query: PreparedQuery<P, R> | Query<R>, params?: P): RunResult {
    if (query instanceof PreparedQuery) return query.run(this.#sql, params as P);
    const { sql, parameters, query: node } = compiled(query);
    const cursor = execChecked(this.#sql, sql, parameters);
    return answersRows(node) ? drain(cursor) : countsOf(cursor);
  }

  /** Raw SQL with bound parameters, limits checked. */
  exec<R extends Record<string, SqlStorageValue>>(text: string, ...parameters: unknown[]): SqlStorageCursor<R> {
    return execChecked<R>(this.#sql, text, parameters);
  }

  /** {@link prepare} against this object's schema. Keep the result; preparing is the costly part. */
  prepare<P, R>(build: (db: Kysely<DB>, p: Param<P>) => Compilable<R>): PreparedQuery<P, R> {
    return prepare(this.#db, build);
  }
}
