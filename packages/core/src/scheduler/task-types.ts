import type { JsonValue } from "../log/log-plugin.js";

/**
 * When a task runs:
 * - a number: a delay in milliseconds from now;
 * - a `Date`: that moment (millisecond precision);
 * - `{ every: ms }`: now + ms, then every ms after each run;
 * - `{ cron: "*\/5 * * * *" }`: a 5-field cron expression in UTC.
 *
 * @example
 * ```ts
 * await this.schedule(30_000, "remind", { id });                 // in 30 s
 * await this.schedule(new Date("2027-01-01"), "remind", { id }); // at a time
 * await this.schedule({ cron: "0 9 * * MON" }, "digest", {});    // every Monday 09:00 UTC
 * ```
 */
export type When = number | Date | { readonly every: number } | { readonly cron: string };

/**
 * Attempts and exponential backoff: attempt n (from 1) that fails is retried
 * after `min(backoffMs * 2^(n-1), maxBackoffMs)`. After `attempts` failures a
 * one-off task is dead-lettered (kept, with its last error, listable);
 * `attempts: Infinity` retries forever.
 *
 * @example
 * ```ts
 * await this.schedule(0, "charge", { id }, { retry: { attempts: 8, backoffMs: 500 } });
 * ```
 */
export interface RetryPolicy {
  /** Runs before giving up, the first included. Default 5. */
  readonly attempts?: number;
  /** Delay before the first retry. Default 1,000 ms. */
  readonly backoffMs?: number;
  /** Longest delay between attempts. Default one hour. */
  readonly maxBackoffMs?: number;
}

/**
 * Options of `schedule`. A `key` makes scheduling idempotent: while a task with
 * that key is pending (or running), scheduling it again returns the existing
 * task and changes nothing.
 *
 * @example
 * ```ts
 * await this.schedule(60_000, "expire", { id }, { key: `expire:${id}` });
 * ```
 */
export interface ScheduleOptions {
  readonly key?: string;
  readonly retry?: RetryPolicy;
}

/** Where a task stands: waiting for its time, running now, or dead-lettered after its last attempt (`listTasks({ state: "dead" })`). */
export type TaskState = "pending" | "running" | "dead";

/**
 * A stored task, as `listTasks` answers it.
 *
 * @example
 * ```ts
 * const dead = await stub.listTasks({ state: "dead" });
 * console.log(dead[0]?.lastError);
 * ```
 */
export interface TaskInfo {
  readonly id: number;
  /** "app" for the class's own tasks, else the plugin that owns it. */
  readonly owner: string;
  readonly task: string;
  readonly key: string | null;
  /** The payload as stored (JSON). */
  readonly payload: JsonValue;
  readonly runAt: number;
  readonly state: TaskState;
  /** Runs started so far for the current occurrence. */
  readonly attempts: number;
  /** null: retried without limit. */
  readonly maxAttempts: number | null;
  readonly every: number | null;
  readonly cron: string | null;
  readonly lastError: string | null;
  readonly createdAt: number;
}

/**
 * Filters for `listTasks`.
 *
 * @example
 * ```ts
 * const failing = this.listTasks({ state: "dead", task: "remind", limit: 10 });
 * ```
 */
export interface TaskQuery {
  readonly state?: TaskState;
  readonly task?: string;
  /** Default 100, at most 1,000. */
  readonly limit?: number;
}

/**
 * What a task handler learns about the run besides its payload.
 *
 * @example
 * ```ts
 * class RemindersDO extends UserDO<unknown, {}, { remind: { id: number } }> {
 *   static override tasks: TaskHandlers<RemindersDO, { remind: { id: number } }> = {
 *     async remind(payload, run) {
 *       if (run.attempt > 1) this.log("warn", "retrying", { ...run, ...payload });
 *     },
 *   };
 * }
 * ```
 */
export interface TaskRun {
  readonly id: number;
  readonly task: string;
  /** 1 for the first run of this occurrence. */
  readonly attempt: number;
  readonly scheduledAt: number;
}

/**
 * The handlers of a class's tasks, one per name in `Tasks` (a map from task
 * name to payload type), with `this` the object. Declare the map once and
 * `this.schedule` is typed by it.
 *
 * @example
 * ```ts
 * interface Tasks { remind: { id: number } }
 *
 * class TodoDO extends UserDO<Env, DB, Tasks> {
 *   static override tasks: TaskHandlers<TodoDO, Tasks> = {
 *     async remind({ id }) { this.log("info", "reminder", { id }); },
 *   };
 *   async add(title: string) {
 *     const todo = await this.db.insertInto("todo").values({ title, done: 0 }).returningAll().executeTakeFirstOrThrow();
 *     await this.schedule(86_400_000, "remind", { id: todo.id });
 *     return todo;
 *   }
 * }
 * ```
 */
export type TaskHandlers<This, Tasks> = {
  readonly [K in keyof Tasks]: (this: This, payload: Tasks[K], run: TaskRun) => unknown;
};

/** A task handler of any class or plugin, as the scheduler stores it: `(payload, run) => ...` with `this` bound. */
export type AnyTaskHandler = (this: any, payload: any, run: TaskRun) => unknown;

/** A map of task names to handlers, as a class or plugin declares it: `static tasks = { remind(p) {} }`. */
export type TaskHandlerMap = Readonly<Record<string, AnyTaskHandler>>;
