import {
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import { DurableSqliteDriver } from "./durable-sqlite-driver.js";

/**
 * Kysely dialect for a Durable Object's SQLite storage.
 *
 * @example
 * ```ts
 * const db = new Kysely<DB>({ dialect: new DurableSqliteDialect(this.ctx.storage.sql) });
 * ```
 */
export class DurableSqliteDialect implements Dialect {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  createDriver(): Driver {
    return new DurableSqliteDriver(this.#sql);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
