import type { Kysely } from "kysely";
import { DEFAULT_LOG_RETENTION, LOG_TABLE, type LogRetention, writeLog } from "../log/log-plugin.js";
import type { LogLevel } from "../log/log-levels.js";
import { type SchemaState, bringSchemaUpToDate } from "../migrations/migration-runner.js";
import { durableKysely } from "../sql/durable-sqlite-executor.js";
import { SyncSql } from "../sql/sync-sql.js";
import { removeCapture } from "../replication/capture.js";
import { ObservedSql } from "../replication/observed-sql.js";
import { Replicator } from "../replication/replicator.js";
import { Scheduler } from "../scheduler/scheduler.js";
import type { Plugin, PluginContext } from "../plugin/plugin.js";
import { planFor } from "./migration-plans.js";
import type { ObjectClassConfig } from "./object-class-config.js";
import { createPluginContext } from "./plugin-context.js";
import { taskResolver } from "./task-resolver.js";

/**
 * Everything userdo keeps per object instance: storage handles, the typed
 * Kysely instance, the sync path, the name, each plugin's context, the
 * scheduler and (when the class replicates) the replicator. Created once by
 * whichever constructor runs first (UserDO's or a plugin mixin's).
 */
export class ObjectRuntime<Env = unknown, DB = any> {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  readonly plugins: readonly Plugin<string, any>[];
  readonly retention: LogRetention;
  /** The object's tasks on its one alarm. */
  readonly scheduler: Scheduler;
  /** The source side of replication; null when the class does not replicate. */
  readonly replication: Replicator | null;
  // The typed paths run on this; it notices writes when the class replicates.
  readonly #sql: SqlStorage;
  #db: Kysely<DB> | undefined;
  #sync: SyncSql<DB> | undefined;
  #name: string | null = null;
  readonly #contexts = new Map<Plugin<string, any>, PluginContext<Env>>();
  readonly #cls: ObjectClassConfig;

  constructor(instance: object, ctx: DurableObjectState, env: Env, cls: ObjectClassConfig & object) {
    this.ctx = ctx;
    this.env = env;
    this.#cls = cls;
    this.plugins = cls.plugins ?? [];
    this.retention = { ...DEFAULT_LOG_RETENTION, ...cls.logRetention };
    const log = (level: LogLevel, message: string, data?: unknown) => this.log(level, message, data);
    const resolveTask = taskResolver(instance, cls, this.plugins, (plugin) => this.contextFor(plugin));
    this.scheduler = new Scheduler(ctx.storage, resolveTask, log);
    this.replication = cls.replication
      ? new Replicator({
          state: ctx,
          env,
          config: cls.replication,
          pluginRules: this.plugins.flatMap((p) => p.replicate ?? []),
          scheduler: this.scheduler,
          name: () => this.#name,
          log,
        })
      : null;
    const replication = this.replication;
    this.#sql = replication ? new ObservedSql(ctx.storage.sql, () => replication.noteWrite()) : ctx.storage.sql;
    // Throwing here breaks the object: every later call answers with the
    // same error (for a failed migration: its name and SQLite's message).
    ctx
      .blockConcurrencyWhile(async () => {
        const { unfinishedImport } = await this.#wake(ctx.id.name);
        // An import cut short by an eviction: its rows go, as if it never began.
        if (unfinishedImport) await this.reset();
      })
      .catch(() => {
        // The platform has already broken the object with this error and hands
        // it to every caller; nothing is left to handle here.
      });
  }

  async #wake(platformName: string | undefined): Promise<SchemaState> {
    const state = bringSchemaUpToDate(this.ctx.storage, await planFor(this.#cls), platformName);
    this.#name = state.name;
    for (const plugin of this.plugins) await plugin.onWake?.call(this.contextFor(plugin));
    if (this.replication) this.replication.wake();
    else removeCapture(this.ctx.storage);
    // Re-arms the alarm on every wake: tasks survive eviction and a lost alarm.
    await this.scheduler.wake();
    return state;
  }

  /**
   * Wipes the object's storage and alarm and wakes it again, as a new object
   * of its class with the same name: migrations applied, plugins woken, no
   * rows. Replication starts a newer epoch, so its sink replaces what it had.
   * Run it with other requests kept out (`blockConcurrencyWhile`).
   */
  async reset(): Promise<void> {
    const storage = this.ctx.storage;
    const epoch = this.replication?.epoch() ?? 0;
    await storage.deleteAlarm();
    await storage.deleteAll();
    await this.#wake(this.#name ?? undefined);
    this.replication?.startEpochAfter(epoch);
    // What waking wrote to the log is not the new user's.
    this.ctx.storage.sql.exec(`DELETE FROM ${LOG_TABLE}`);
  }

  get db(): Kysely<DB> {
    this.#db ??= durableKysely<DB>(this.#sql);
    return this.#db;
  }

  get sync(): SyncSql<DB> {
    this.#sync ??= new SyncSql<DB>(this.#sql, this.db);
    return this.#sync;
  }

  get name(): string | null {
    return this.#name;
  }

  log(level: LogLevel, message: string, data?: unknown): void {
    writeLog(this.ctx.storage.sql, this.retention, level, message, data);
  }

  /** The context a plugin's methods, tasks and hooks run with (one per plugin). */
  contextFor(plugin: Plugin<string, any>): PluginContext<Env> {
    let context = this.#contexts.get(plugin);
    if (!context) {
      context = createPluginContext(this, plugin);
      this.#contexts.set(plugin, context);
    }
    return context;
  }

  /** The platform alarm: due tasks run (the replication flush among them), then the alarm is re-armed. */
  async runAlarm(): Promise<void> {
    await this.scheduler.runDue();
    // Writes that bypassed the typed paths (raw ctx.storage.sql) are picked up here too.
    if (this.replication?.ensureFlush()) await this.scheduler.arm();
  }
}
