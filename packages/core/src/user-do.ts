import { DurableObject } from "cloudflare:workers";
import type { Kysely } from "kysely";
import { ConfigurationError, jsonError } from "./errors.js";
import type { LogEntry, LogQuery, LogRetention } from "./log/log-plugin.js";
import type { LogLevel } from "./log/log-levels.js";
import type { Migration } from "./migrations/migration.js";
import { listAppliedMigrations } from "./migrations/migration-runner.js";
import { attachRuntime } from "./runtime/attach-runtime.js";
import type { ObjectRuntime } from "./runtime/object-runtime.js";
import type { Plugin } from "./plugin/plugin.js";
import { CORE_PLUGINS } from "./plugin/core-plugins.js";
import { installPluginMethods } from "./plugin/with-plugins.js";
import type { ReplicationConfig } from "./replication/replication-types.js";
import { type SchedulerMethods, installSchedulerMethods } from "./scheduler/scheduler-methods.js";
import type { TaskHandlerMap } from "./scheduler/task-types.js";
import type { SyncSql } from "./sql/sync-sql.js";
import type { StudioAnswer, StudioQueryOptions } from "./shared/studio-protocol.js";
import type { DeleteSummary, ExportSummary, ImportSummary } from "./shared/data-summaries.js";

/**
 * One Durable Object per user, with a private SQLite database under typed,
 * atomic, checksummed migrations. Declare the schema's type once as `DB` and
 * its history as `static migrations`; `this.db` and `this.sync` are typed by it.
 * Optionally declare `Tasks` (task name to payload type) with `static tasks`:
 * `this.schedule` is typed by it.
 *
 * @example
 * ```ts
 * interface DB { todo: { id: Generated<number>; title: string; done: number } }
 *
 * export class TodoDO extends UserDO<Env, DB> {
 *   static override migrations = [
 *     { name: "001_todo", up: "CREATE TABLE todo (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)" },
 *   ];
 *   async add(title: string) {
 *     this.log("info", "todo added", { title });
 *     return this.db.insertInto("todo").values({ title, done: 0 }).returningAll().executeTakeFirstOrThrow();
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods installed on the prototype
// biome-ignore lint/correctness/noUnusedVariables: Tasks types the scheduler's methods, declared in the interface below
export class UserDO<Env = unknown, DB = {}, Tasks = {}> extends DurableObject<Env> {
  /** The schema's history, oldest first. Never edit an applied migration: append. */
  static migrations: readonly Migration[] = [];
  /** Plugins attached to this class; add more with `withPlugins`. The core plugins (log first) come first. */
  static plugins: readonly Plugin<string, any>[] = CORE_PLUGINS;
  /** Handlers of the tasks `this.schedule` runs, by name (type them with `TaskHandlers<MyDO, Tasks>`). */
  static tasks: TaskHandlerMap = {};
  /** Tables that copy to a MasterDO (or another sink); none when undefined. */
  static replication: ReplicationConfig | undefined = undefined;
  /** How much of `this.log` to keep (rows, age). */
  static logRetention: Partial<LogRetention> = {};

  readonly #runtime: ObjectRuntime<Env, DB>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#runtime = attachRuntime<Env, DB>(this, ctx, env, new.target);
  }

  /** Kysely over this object's SQLite, typed by `DB`. Async; for everyday queries. */
  get db(): Kysely<DB> {
    return this.#runtime.db;
  }

  /**
   * The synchronous path: prepared or compiled queries that finish before they
   * return, for use inside {@link transactionSync} and on hot paths.
   */
  get sync(): SyncSql<DB> {
    return this.#runtime.sync;
  }

  /** The name given to `idFromName`; kept in storage, so also known in alarms and after eviction. */
  get name(): string {
    const name = this.#runtime.name;
    if (name === null)
      throw new ConfigurationError("unnamed_object", "this object was created from a unique id and has no name");
    return name;
  }

  /** Appends to the object's log table (`readLog` reads it). Never throws on odd data. */
  log(level: LogLevel, message: string, data?: unknown): void {
    this.#runtime.log(level, message, data);
  }

  /** Runs `fn` as one SQLite transaction: all its writes, or none if it throws. `fn` must be synchronous. */
  transactionSync<T>(fn: () => T): T {
    return this.ctx.storage.transactionSync(fn);
  }

  /** An async storage transaction: rolls back `this.db` writes made inside it if `fn` throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.ctx.storage.transaction(fn);
  }

  /** Applied migrations, oldest first (for admin views). */
  migrationsApplied(): { id: string; checksum: string; appliedAt: number }[] {
    return listAppliedMigrations(this.ctx.storage.sql);
  }

  override async fetch(_request: Request): Promise<Response> {
    return jsonError(404, "not_found", "this object has no fetch handler; call its RPC methods");
  }

  /**
   * The platform alarm. Due tasks (and the replication flush) have already run
   * when this is called; override it for alarm work of your own, no need to
   * call super. Prefer `this.schedule`: the object has one alarm, and the
   * scheduler keeps it armed for its earliest task.
   */
  override async alarm(_info?: AlarmInvocationInfo): Promise<void> {}
}

// The core plugins' methods (log, studio) and the scheduler's, installed on the prototype below.
// biome-ignore lint/correctness/noUnusedVariables: a merged declaration repeats the class's type parameters
export interface UserDO<Env, DB, Tasks> extends SchedulerMethods<Tasks> {
  /** Log entries, newest first: `readLog({ level: "warn", since, limit })`. */
  readLog(query?: LogQuery): LogEntry[];
  /** Answers one Outerbase Starbase request (`studioRoute` calls it after its own checks). */
  studioQuery(request: unknown, options: StudioQueryOptions): StudioAnswer;
  /** Writes the database as an export (JSON Lines) into `writable`, a consistent snapshot; see the README. */
  exportDatabase(writable: WritableStream<Uint8Array>): Promise<ExportSummary>;
  /** Fills this new object from an export of the same class or one whose migrations it includes; all or nothing. */
  importDatabase(readable: ReadableStream<Uint8Array>, options?: { replace?: boolean }): Promise<ImportSummary>;
  /** Deletes this user: storage and alarm here, rows at the master through replication (with an audit row). */
  deleteUser(options?: { by?: string }): Promise<DeleteSummary>;
  /** Wakes the object and answers its applied migrations' count and last id (a fleet migration calls it). */
  migrationState(): { applied: number; last: string | null };
}

installPluginMethods(UserDO, CORE_PLUGINS);
installSchedulerMethods(UserDO);
