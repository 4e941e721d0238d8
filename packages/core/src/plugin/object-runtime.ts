import { Kysely } from "kysely";
import { ConfigurationError } from "../errors.js";
import { DEFAULT_LOG_RETENTION, type LogRetention, writeLog } from "../log/log-plugin.js";
import type { LogLevel } from "../log/log-levels.js";
import type { Migration, MigrationSet } from "../migrations/migration.js";
import { type MigrationPlan, planMigrations } from "../migrations/migration-plan.js";
import { bringSchemaUpToDate } from "../migrations/migration-runner.js";
import { DurableSqliteDialect } from "../sql/durable-sqlite-dialect.js";
import { SyncSql } from "../sql/sync-sql.js";
import { removeCapture } from "../replication/capture.js";
import { ObservedSql } from "../replication/observed-sql.js";
import type { ReplicationConfig } from "../replication/replication-types.js";
import { Replicator } from "../replication/replicator.js";
import { Scheduler, type TaskResolver } from "../scheduler/scheduler.js";
import type { TaskHandlerMap } from "../scheduler/task-types.js";
import type { Plugin, PluginContext } from "./plugin.js";

/** The static configuration a class with plugins (or a UserDO) declares. */
export interface ObjectClassConfig {
  readonly migrations?: readonly Migration[] | undefined;
  readonly plugins?: readonly Plugin<string, any>[] | undefined;
  readonly logRetention?: Partial<LogRetention> | undefined;
  /** The class's own scheduled tasks, by name; `this` is the object. */
  readonly tasks?: TaskHandlerMap | undefined;
  /** Which tables copy to a master (or another sink). */
  readonly replication?: ReplicationConfig | undefined;
}

type AlarmHandler = (info?: AlarmInvocationInfo) => void | Promise<void>;

const RUNTIME = Symbol.for("userdo.runtime");
const NO_MIGRATIONS: readonly Migration[] = [];
const NO_PLUGINS: readonly Plugin<string, any>[] = [];
// Keyed by the plugin list, then the migration list: a class whose static
// `migrations` returns another array gets another plan.
const plans = new WeakMap<object, WeakMap<object, Promise<MigrationPlan>>>();

/** The app's own migrations live under this namespace; plugins use their names. */
export const APP_NAMESPACE = "app";

// Planning compiles and hashes every migration: once per class per isolate,
// so a wake with an up-to-date schema costs one small read.
function planFor(cls: ObjectClassConfig): Promise<MigrationPlan> {
  const plugins = cls.plugins ?? NO_PLUGINS;
  const migrations = cls.migrations ?? NO_MIGRATIONS;
  if (!Array.isArray(migrations)) return planMigrations([{ namespace: APP_NAMESPACE, migrations }]);
  let byMigrations = plans.get(plugins);
  if (!byMigrations) plans.set(plugins, (byMigrations = new WeakMap()));
  let plan = byMigrations.get(migrations);
  if (!plan) {
    const sets: MigrationSet[] = plugins
      .filter((p) => p.migrations && p.migrations.length > 0)
      .map((p) => ({ namespace: p.name, migrations: p.migrations! }));
    sets.push({ namespace: APP_NAMESPACE, migrations });
    plan = planMigrations(sets);
    byMigrations.set(migrations, plan);
  }
  return plan;
}

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
  readonly #instance: object;
  readonly #cls: ObjectClassConfig;
  // The typed paths run on this; it notices writes when the class replicates.
  readonly #sql: SqlStorage;
  #db: Kysely<DB> | undefined;
  #sync: SyncSql<DB> | undefined;
  #name: string | null = null;
  readonly #contexts = new Map<Plugin<string, any>, PluginContext<Env>>();

  constructor(instance: object, ctx: DurableObjectState, env: Env, cls: ObjectClassConfig & object) {
    this.ctx = ctx;
    this.env = env;
    this.#instance = instance;
    this.#cls = cls;
    this.plugins = cls.plugins ?? [];
    this.retention = { ...DEFAULT_LOG_RETENTION, ...cls.logRetention };
    const log = (level: LogLevel, message: string, data?: unknown) => this.log(level, message, data);
    this.scheduler = new Scheduler(ctx.storage, this.#resolveTask, log);
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
        const state = bringSchemaUpToDate(ctx.storage, await planFor(cls), ctx.id.name);
        this.#name = state.name;
        for (const plugin of this.plugins) await plugin.onWake?.call(this.contextFor(plugin));
        if (replication) replication.wake();
        else removeCapture(ctx.storage);
        // Re-arms the alarm on every wake: tasks survive eviction and a lost alarm.
        await this.scheduler.wake();
      })
      .catch(() => {
        // The platform has already broken the object with this error and hands
        // it to every caller; nothing is left to handle here.
      });
  }

  get db(): Kysely<DB> {
    return (this.#db ??= new Kysely<DB>({ dialect: new DurableSqliteDialect(this.#sql) }));
  }

  get sync(): SyncSql<DB> {
    return (this.#sync ??= new SyncSql<DB>(this.#sql, this.db));
  }

  get name(): string | null {
    return this.#name;
  }

  log(level: LogLevel, message: string, data?: unknown): void {
    writeLog(this.ctx.storage.sql, this.retention, level, message, data);
  }

  /** The context a plugin's methods, tasks and hooks run with. */
  contextFor(plugin: Plugin<string, any>): PluginContext<Env> {
    let context = this.#contexts.get(plugin);
    if (!context) {
      const runtime = this;
      context = {
        ctx: runtime.ctx,
        env: runtime.env,
        get sync() {
          return runtime.sync;
        },
        get name() {
          return runtime.name;
        },
        log: (level, message, data) => runtime.log(level, message, data),
        schedule: (when, task, payload, options) =>
          runtime.scheduler.schedule(plugin.name, when, task, payload, options),
        cancelTask: (idOrKey) => runtime.scheduler.cancel(plugin.name, idOrKey),
        listTasks: (query) => runtime.scheduler.list(plugin.name, query),
      };
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

  // App tasks come from the class's static `tasks` (read each time: a deploy may change them).
  readonly #resolveTask: TaskResolver = (owner, task) => {
    if (owner === APP_NAMESPACE) {
      const tasks = this.#cls.tasks;
      const handler = tasks && Object.hasOwn(tasks, task) ? tasks[task] : undefined;
      return handler && ((payload, run) => handler.call(this.#instance, payload, run));
    }
    const plugin = this.plugins.find((p) => p.name === owner);
    const handler = plugin?.tasks && Object.hasOwn(plugin.tasks, task) ? plugin.tasks[task] : undefined;
    return handler && ((payload, run) => handler.call(this.contextFor(plugin!), payload, run));
  };
}

/**
 * Makes the instance's alarm run the scheduler first, then the class's own
 * `alarm` (a UserDO's is empty; a plain DurableObject's is its own code), so
 * one platform alarm serves both. An own property, so a subclass that
 * overrides `alarm` without calling super still runs its tasks.
 */
function shareAlarm(instance: object, runtime: ObjectRuntime<any, any>): void {
  const classAlarm = (instance as { alarm?: AlarmHandler }).alarm;
  Object.defineProperty(instance, "alarm", {
    value: async (info?: AlarmInvocationInfo) => {
      await runtime.runAlarm();
      await classAlarm?.call(instance, info);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/** Creates the runtime of `instance` unless a constructor earlier in the chain did. */
export function attachRuntime<Env, DB>(
  instance: object,
  ctx: DurableObjectState,
  env: Env,
  cls: ObjectClassConfig & object,
): ObjectRuntime<Env, DB> {
  const holder = instance as { [RUNTIME]?: ObjectRuntime<Env, DB> };
  if (!holder[RUNTIME]) {
    const runtime = new ObjectRuntime<Env, DB>(instance, ctx, env, cls);
    Object.defineProperty(holder, RUNTIME, { value: runtime, enumerable: false });
    shareAlarm(instance, runtime);
  }
  return holder[RUNTIME]!;
}

/** The runtime of an object built by UserDO or `withPlugins`. */
export function runtimeOf<Env = unknown, DB = any>(instance: object): ObjectRuntime<Env, DB> {
  const runtime = (instance as { [RUNTIME]?: ObjectRuntime<Env, DB> })[RUNTIME];
  if (!runtime) throw new ConfigurationError("no_runtime", "this object was not built with UserDO or withPlugins()");
  return runtime;
}
