import type { Migration } from "../migrations/migration.js";
import type { SyncSql } from "../sql/sync-sql.js";
import type { LogLevel } from "../log/log-levels.js";
import type { ScheduleOptions, TaskInfo, TaskQuery, TaskRun, When } from "../scheduler/task-types.js";
import type { WorkerRoute } from "../shared/worker-route.js";

/**
 * What a plugin's code sees inside the object it is attached to: the object's
 * storage, its env, the synchronous SQL path and the log. The same for a UserDO
 * and for a plain DurableObject the plugin was added to.
 */
export interface PluginContext<Env = unknown> {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  /** The synchronous SQL path (prepared queries, raw SQL with limits checked). */
  readonly sync: SyncSql<any>;
  /** The object's name as given to `idFromName`, or null for unnamed ids. */
  readonly name: string | null;
  log(level: LogLevel, message: string, data?: unknown): void;
  /** Schedules one of this plugin's own `tasks` (see `UserDO.schedule`). */
  schedule(when: When, task: string, payload?: unknown, options?: ScheduleOptions): Promise<TaskInfo>;
  /** Cancels one of this plugin's pending tasks by id or key; true if there was one. */
  cancelTask(idOrKey: number | string): Promise<boolean>;
  /** This plugin's tasks, by due time. */
  listTasks(query?: TaskQuery): TaskInfo[];
}

/** A plugin method: runs inside the object with the plugin context as `this`. */
export type PluginMethod = (this: PluginContext<any>, ...args: any[]) => unknown;

/**
 * A table that replicates to the master, whole or by columns. Columns whose
 * names look secret (token, hash, password, session, ...) make the whole-table
 * form an error: such a table must list the columns that may leave the object.
 *
 * @example
 * ```ts
 * const rules: ReplicationRule[] = [{ table: "todo" }, { table: "account", columns: ["id", "plan", "created_at"] }];
 * ```
 */
export interface ReplicationRule {
  readonly table: string;
  /** Columns to copy; all columns when omitted. A table with secrets must list its safe columns. */
  readonly columns?: readonly string[];
}

/** A plugin's task handler: `this` is the plugin context; it may throw to be retried. */
export type PluginTask = (this: PluginContext<any>, payload: any, run: TaskRun) => unknown;

/**
 * A plugin: the only way features reach an object. It brings
 * - `migrations` for its own tables, namespaced by `name` and run by the same
 *   atomic runner as the object's own migrations;
 * - `methods`, added to the object's class and callable over RPC;
 * - `tasks`, named handlers for the scheduler, scheduled from its code with
 *   `this.schedule(when, name, payload)` (names are the plugin's own);
 * - `replicate`, which of its tables (and columns) copy to the master when
 *   the class replicates;
 * - `routes`, a Worker-side handler;
 * - `onWake`, run once per wake after migrations.
 *
 * @example
 * ```ts
 * export const visits = definePlugin({
 *   name: "visits",
 *   migrations: [{ name: "001", up: "CREATE TABLE _userdo_visits (at INTEGER NOT NULL)" }],
 *   methods: {
 *     visit(this: PluginContext) {
 *       this.sync.exec("INSERT INTO _userdo_visits VALUES (?)", Date.now());
 *       return this.sync.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_visits").one().n;
 *     },
 *   },
 * });
 * ```
 */
export interface Plugin<Name extends string = string, Methods extends Record<string, PluginMethod> = {}> {
  readonly name: Name;
  readonly migrations?: readonly Migration[];
  readonly methods?: Methods;
  readonly tasks?: Readonly<Record<string, PluginTask>>;
  readonly replicate?: readonly ReplicationRule[];
  readonly routes?: WorkerRoute;
  onWake?(this: PluginContext<any>): void | Promise<void>;
}

/** Declares a plugin with its exact types kept (method names and signatures). */
export function definePlugin<const Name extends string, Methods extends Record<string, PluginMethod> = {}>(
  plugin: Plugin<Name, Methods>,
): Plugin<Name, Methods> {
  return Object.freeze({ ...plugin });
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

type BoundMethods<M> = { [K in keyof M]: M[K] extends PluginMethod ? OmitThisParameter<M[K]> : never };

/** The RPC methods that a list of plugins adds to a class. */
export type PluginMethods<P extends readonly Plugin<string, any>[]> = UnionToIntersection<
  { [I in keyof P]: P[I] extends Plugin<string, infer M> ? BoundMethods<M> : never }[number]
> & {};
