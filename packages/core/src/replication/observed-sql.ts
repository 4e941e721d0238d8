// Statements that only read; everything else may write to a captured table.
const READ_ONLY = /^\s*(select|pragma|explain)\b/i;

/**
 * `ctx.storage.sql` with a callback after each statement that may write. The
 * typed paths (`this.db`, `this.sync`, plugins) run on it when the class
 * replicates, so a write schedules its flush; objects that do not replicate
 * use the platform's object directly and pay nothing.
 */
export class ObservedSql implements SqlStorage {
  readonly #sql: SqlStorage;
  readonly #onWrite: () => void;

  constructor(sql: SqlStorage, onWrite: () => void) {
    this.#sql = sql;
    this.#onWrite = onWrite;
  }

  exec<T extends Record<string, SqlStorageValue>>(query: string, ...bindings: any[]): SqlStorageCursor<T> {
    const cursor = this.#sql.exec<T>(query, ...bindings);
    if (!READ_ONLY.test(query)) this.#onWrite();
    return cursor;
  }

  get databaseSize(): number {
    return this.#sql.databaseSize;
  }

  get Cursor(): typeof SqlStorageCursor {
    return this.#sql.Cursor;
  }

  get Statement(): typeof SqlStorageStatement {
    return this.#sql.Statement;
  }
}
