import type { Migration } from "../migrations/migration.js";
import type { SyncSql } from "../sql/sync-sql.js";
import type { LogLevel } from "../log/log-levels.js";

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
}

/** A plugin method: runs inside the object with the plugin context as `this`. */
export type PluginMethod = (this: PluginContext<any>, ...args: any[]) => unknown;

/** Which of a plugin's tables replicate to the master, and which columns. */
export interface ReplicationRule {
  readonly table: string;
  /** Columns to copy; all columns when omitted. A table with secrets must list its safe columns. */
  readonly columns?: readonly string[];
}

/** A Worker-side handler a plugin brings; answers null when the route is not its own. */
export type WorkerRoute<Env = any> = (request: Request, env: Env, ctx: ExecutionContext) => Response | null | Promise<Response | null>;

/**
 * A plugin: the only way features reach an object. It brings
 * - `migrations` for its own tables, namespaced by `name` and run by the same
 *   atomic runner as the object's own migrations;
 * - `methods`, added to the object's class and callable over RPC;
 * - `tasks`, named handlers for the scheduler;
 * - `replicate`, which of its tables (and columns) copy to the master;
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
  readonly tasks?: Readonly<Record<string, (this: PluginContext<any>, payload: any) => unknown>>;
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
