import type { DatabaseConnection, Driver } from "kysely";
import { ConfigurationError } from "../errors.js";
import { DurableSqliteConnection } from "./durable-sqlite-connection.js";

function noSqlTransactions(): never {
  // The platform rejects BEGIN/SAVEPOINT; its transactions are storage calls.
  throw new ConfigurationError(
    "unsupported",
    "db.transaction() is not available on Durable Object SQLite: use this.transactionSync(() => ...) with this.sync, or this.transaction(async () => ...)",
  );
}

/** Kysely driver over `ctx.storage.sql`. */
export class DurableSqliteDriver implements Driver {
  readonly #connection: DurableSqliteConnection;

  constructor(sql: SqlStorage) {
    this.#connection = new DurableSqliteConnection(sql);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    noSqlTransactions();
  }

  async commitTransaction(): Promise<void> {
    noSqlTransactions();
  }

  async rollbackTransaction(): Promise<void> {
    noSqlTransactions();
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}
