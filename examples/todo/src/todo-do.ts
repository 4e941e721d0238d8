import {
  type Migration,
  type Param,
  type ReplicationConfig,
  UserDO,
  UserDOError,
  prepare,
  queryBuilder,
} from "@userdo/core";
import type { Generated, Selectable } from "kysely";
import { type Caller, parseTitle } from "./todo-input.js";

/** The todo database of one user. */
export interface TodoDB {
  todo: {
    id: Generated<number>;
    title: string;
    done: number;
    created_at: number;
    updated_at: number;
    /** The idempotency key of the request that created it: a replay finds it instead of adding another. */
    request_key: string | null;
  };
}

/** A todo as the object answers it. */
export type Todo = Pick<Selectable<TodoDB["todo"]>, "id" | "title" | "done" | "created_at">;

/** The schema's history. Append; never edit an applied migration. */
export const todoMigrations: Migration[] = [
  {
    name: "001_todo",
    up: `CREATE TABLE todo (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
)`,
  },
  {
    name: "002_request_key",
    up: "ALTER TABLE todo ADD COLUMN request_key TEXT; CREATE UNIQUE INDEX todo_request_key ON todo (request_key)",
  },
];

// Compiled once per isolate; run with this.sync at about raw SQL cost.
const qb = queryBuilder<TodoDB>();
const columns = ["id", "title", "done", "created_at"] as const;
const listTodos = prepare(qb, (db, p: Param<{ limit: number }>) =>
  db.selectFrom("todo").select(columns).orderBy("done").orderBy("id", "desc").limit(p("limit")),
);
const byKey = prepare(qb, (db, p: Param<{ key: string }>) =>
  db.selectFrom("todo").select(columns).where("request_key", "=", p("key")),
);
const insertTodo = prepare(qb, (db, p: Param<{ title: string; key: string; now: number }>) =>
  db
    .insertInto("todo")
    .values({ title: p("title"), done: 0, created_at: p("now"), updated_at: p("now"), request_key: p("key") })
    .returning(columns),
);
const setDone = prepare(qb, (db, p: Param<{ id: number; done: number; now: number }>) =>
  db
    .updateTable("todo")
    .set({ done: p("done"), updated_at: p("now") })
    .where("id", "=", p("id"))
    .returning(columns),
);
const deleteTodo = prepare(qb, (db, p: Param<{ id: number }>) => db.deleteFrom("todo").where("id", "=", p("id")));

/** Most todos one list answers. */
export const MAX_LIST = 500;

/**
 * One user's todo database, behind the Worker's auth and billing (the proxy
 * pattern): it knows nothing of sessions or money, and takes the verified
 * {@link Caller} as an argument. It still refuses a caller that is not its
 * owner, so a mistake in the Worker cannot cross users. Todos replicate to
 * the master (without the request keys).
 *
 * @example
 * ```ts
 * const caller: Caller = { user, via: "session", tokenId: null }; // from paid()
 * const todo = await userStub(env.TODOS, caller.user).add(caller, "buy milk", "add-1");
 * ```
 */
export class TodoDO extends UserDO<Env, TodoDB> {
  static override migrations = todoMigrations;
  static override replication: ReplicationConfig<Env> = {
    master: "MASTER",
    tables: [{ table: "todo", columns: ["id", "title", "done", "created_at", "updated_at"] }],
  };

  #owner(caller: Caller): void {
    if (caller?.user !== this.name) throw new UserDOError(403, "not_owner", "this todo list belongs to another user");
  }

  /** The owner's todos: open ones first, newest first. */
  list(caller: Caller): Todo[] {
    this.#owner(caller);
    return this.sync.all(listTodos, { limit: MAX_LIST });
  }

  /** Adds a todo once per key: a replayed key answers the todo it created. */
  add(caller: Caller, title: string, key: string): Todo {
    this.#owner(caller);
    const checked = parseTitle(title);
    return this.transactionSync(() => {
      const seen = this.sync.first(byKey, { key });
      if (seen) return seen;
      const todo = this.sync.first(insertTodo, { title: checked, key, now: Date.now() })!;
      this.log("info", "todo added", { id: todo.id, via: caller.via });
      return todo;
    });
  }

  /** Marks a todo done or open: setting a state, so a replay changes nothing. */
  setDone(caller: Caller, id: number, done: boolean): Todo {
    this.#owner(caller);
    const todo = this.sync.first(setDone, { id, done: done ? 1 : 0, now: Date.now() });
    if (!todo) throw new UserDOError(404, "no_todo", `no todo ${id}`);
    return todo;
  }

  /** Deletes a todo; false when there was none (a replayed delete). */
  remove(caller: Caller, id: number): boolean {
    this.#owner(caller);
    return this.sync.run(deleteTodo, { id }).rowsWritten > 0;
  }
}
