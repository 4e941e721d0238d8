import type { Compilable, Kysely } from "kysely";
import { UserDOError } from "../errors.js";
import { type RunResult, execChecked } from "./execute.js";
import { checkStatement } from "./limits.js";

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

  constructor(sql: string, template: readonly unknown[]) {
    checkStatement(sql);
    const slots: number[] = [];
    const keys: string[] = [];
    template.forEach((value, index) => {
      if (isPlaceholder(value)) {
        slots.push(index);
        keys.push(value[PLACEHOLDER]);
      }
    });
    this.sql = sql;
    this.#template = Object.freeze([...template]);
    this.#slots = slots;
    this.#keys = keys;
  }

  /** The positional parameters for `params`. */
  bind(params: P): unknown[] {
    const values = this.#template.slice();
    const source = params as Record<string, unknown>;
    for (let i = 0; i < this.#slots.length; i++) {
      const key = this.#keys[i]!;
      const value = source[key];
      if (value === undefined) throw new UserDOError(400, "bad_input", `missing query parameter "${key}"`);
      values[this.#slots[i]!] = value;
    }
    return values;
  }

  /** Every row, as objects. */
  all(sql: SqlStorage, params: P): R[] {
    return execChecked(sql, this.sql, this.bind(params)).toArray() as R[];
  }

  /** The first row, or undefined. */
  first(sql: SqlStorage, params: P): R | undefined {
    const next = execChecked(sql, this.sql, this.bind(params)).next();
    return next.done ? undefined : (next.value as R);
  }

  /** Every row as an array of values in column order: the cheapest multi-row read. */
  raw(sql: SqlStorage, params: P): SqlStorageValue[][] {
    return Array.from(execChecked(sql, this.sql, this.bind(params)).raw());
  }

  /** Runs a statement for its effect; the cursor's counts. */
  run(sql: SqlStorage, params: P): RunResult {
    const cursor = execChecked(sql, this.sql, this.bind(params));
    for (const _ of cursor.raw()) {
      // drain, so RETURNING rows and counts are complete
    }
    return { rowsRead: cursor.rowsRead, rowsWritten: cursor.rowsWritten };
  }
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
    throw new UserDOError(500, "bad_prepared_query", "a placeholder was used where Kysely inlines values; pass it as a value instead");
  }
  return new PreparedQuery<P, R>(compiled.sql, compiled.parameters);
}
