import type { Compilable, Kysely } from "kysely";
import { ConfigurationError, UserDOError } from "../errors.js";
import { type RunResult, answersRows } from "./execute.js";
import { bindValue, checkParameterCount, checkStatement } from "./limits.js";

const PLACEHOLDER = Symbol("userdo.placeholder");

interface Placeholder {
  readonly [PLACEHOLDER]: string;
}

function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === "object" && value !== null && PLACEHOLDER in value;
}

/**
 * Names a parameter of a prepared query. `p("id")` stands for `params.id` and is
 * typed as `P["id"]`, so it fits wherever Kysely takes a value.
 */
export type Param<P> = <K extends keyof P & string>(key: K) => P[K];

const param = (<K extends string>(key: K) => ({ [PLACEHOLDER]: key })) as unknown as Param<any>;

/**
 * A Kysely query compiled once and run many times with new parameters: the
 * floor of the query path, about the cost of raw `sql.exec`. Build it with
 * {@link prepare}; run it with `this.sync` (or the methods below), also inside
 * `transactionSync`.
 */
export class PreparedQuery<P, R> {
  /** The compiled SQL text. */
  readonly sql: string;
  readonly #template: readonly unknown[];
  readonly #slots: readonly number[];
  readonly #keys: readonly string[];
  readonly #returnsRows: boolean;

  // Everything that does not change per call (statement size, parameter
  // count, the fixed values) is checked once here; a call checks only its own values.
  // `returnsRows: false` (an INSERT, UPDATE or DELETE without RETURNING) lets
  // `run` skip stepping a cursor that has nothing to give: SQLite did all of
  // such a statement's work in its first step, when `exec` returned.
  constructor(sql: string, template: readonly unknown[], options: { readonly returnsRows?: boolean } = {}) {
    checkStatement(sql);
    checkParameterCount(template.length);
    const slots: number[] = [];
    const keys: string[] = [];
    const bound = template.map((value, index) => {
      if (!isPlaceholder(value)) return bindValue(value, index);
      slots.push(index);
      keys.push(value[PLACEHOLDER]);
      return undefined;
    });
    this.sql = sql;
    // Private and never handed out, so not frozen: V8 copies a frozen array
    // (bind's slice) on a slow path, about 25 times slower than a plain one.
    this.#template = bound;
    this.#slots = slots;
    this.#keys = keys;
    this.#returnsRows = options.returnsRows ?? true;
  }

  /** The positional parameters for `params`. */
  bind(params: P): unknown[] {
    const values = this.#template.slice();
    const source = params as Record<string, unknown>;
    for (let i = 0; i < this.#slots.length; i++) {
      const key = this.#keys[i]!;
      const value = source[key];
      if (value === undefined) throw new UserDOError(400, "bad_input", `missing query parameter "${key}"`);
      values[this.#slots[i]!] = bindValue(value, this.#slots[i]!);
    }
    return values;
  }

  #exec(sql: SqlStorage, params: P): SqlStorageCursor<Record<string, SqlStorageValue>> {
    return sql.exec(this.sql, ...this.bind(params));
  }

  /** Every row, as objects. */
  all(sql: SqlStorage, params: P): R[] {
    return this.#exec(sql, params).toArray() as R[];
  }

  /** The first row, or undefined. The statement is ended after it, whatever follows. */
  first(sql: SqlStorage, params: P): R | undefined {
    const cursor = this.#exec(sql, params);
    const next = cursor.next();
    endCursor(cursor);
    return next.done ? undefined : (next.value as R);
  }

  /** Every row as an array of values in column order: the cheapest multi-row read. */
  raw(sql: SqlStorage, params: P): SqlStorageValue[][] {
    return Array.from(this.#exec(sql, params).raw());
  }

  /** Runs a statement for its effect; the cursor's counts. */
  run(sql: SqlStorage, params: P): RunResult {
    const cursor = this.#exec(sql, params);
    return this.#returnsRows ? drain(cursor) : countsOf(cursor);
  }
}

/** Steps a cursor to its end (so RETURNING rows and counts are complete); its counts. */
export function drain(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): RunResult {
  while (!cursor.next().done) {
    // each step runs the statement further
  }
  return countsOf(cursor);
}

/**
 * Ends a cursor's statement now, whether or not its rows were all read. A
 * statement left half-read stays open until the cursor is garbage-collected
 * (seconds to minutes), and while it is open SQLite refuses to drop or alter
 * what it reads (`database table is locked: SQLITE_LOCKED`). The platform has
 * no close(); `one()` ends the statement on every path (a row too many, none
 * left, an error), and its complaint is the expected outcome here. The studio and `first()` call this on
 * every exit; the tests drop a table right after to prove it.
 *
 * @example
 * ```ts
 * const cursor = this.ctx.storage.sql.exec("SELECT * FROM big");
 * try {
 *   for (const row of cursor.raw()) if (row.length > 100) throw new Error("too wide");
 * } finally {
 *   endCursor(cursor);
 * }
 * ```
 */
export function endCursor(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): void {
  try {
    // The common case, a cursor at its end, costs one cheap step and no exception.
    if (cursor.next().done) return;
    cursor.one();
  } catch {
    // "got multiple results", or the row's own SQL error: either way the statement is over.
  }
}

/** A cursor's counts as they are: complete for a statement that answers no rows. */
export function countsOf(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): RunResult {
  return { rowsRead: cursor.rowsRead, rowsWritten: cursor.rowsWritten };
}

/**
 * Compiles a Kysely query once, with named placeholders for the values that
 * change per call. Annotate `p` with the parameter type; the row type comes
 * from the query.
 *
 * @example
 * ```ts
 * const todoById = prepare(queryBuilder<DB>(), (db, p: Param<{ id: number }>) =>
 *   db.selectFrom("todo").selectAll().where("id", "=", p("id")),
 * );
 * // inside the object:
 * const todo = this.sync.first(todoById, { id: 1 });
 * ```
 */
export function prepare<DB, P, R>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, p: Param<P>) => Compilable<R>,
): PreparedQuery<P, R> {
  const compiled = build(db, param as Param<P>).compile();
  if (compiled.sql.includes("[object Object]")) {
    throw new ConfigurationError(
      "bad_prepared_query",
      "a placeholder was used where Kysely inlines values; pass it as a value instead",
    );
  }
  return new PreparedQuery<P, R>(compiled.sql, compiled.parameters, { returnsRows: answersRows(compiled.query) });
}
