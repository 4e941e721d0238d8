import { Kysely } from "kysely";
import { UserDOError } from "../errors.js";
import { DEFAULT_LOG_RETENTION, type LogRetention, writeLog } from "../log/log-plugin.js";
import type { LogLevel } from "../log/log-levels.js";
import type { Migration, MigrationSet } from "../migrations/migration.js";
import { type MigrationPlan, planMigrations } from "../migrations/migration-plan.js";
import { bringSchemaUpToDate } from "../migrations/migration-runner.js";
import { DurableSqliteDialect } from "../sql/durable-sqlite-dialect.js";
import { SyncSql } from "../sql/sync-sql.js";
import type { Plugin, PluginContext } from "./plugin.js";

/** The static configuration a class with plugins (or a UserDO) declares. */
export interface ObjectClassConfig {
  readonly migrations?: readonly Migration[];
  readonly plugins?: readonly Plugin<string, any>[];
  readonly logRetention?: Partial<LogRetention>;
}

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
 * Kysely instance, the sync path, the name, and each plugin's context. Created
 * once by whichever constructor runs first (UserDO's or a plugin mixin's).
 */
export class ObjectRuntime<Env = unknown, DB = any> {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  readonly plugins: readonly Plugin<string, any>[];
  readonly retention: LogRetention;
  #db: Kysely<DB> | undefined;
  #sync: SyncSql<DB> | undefined;
  #name: string | null = null;
  readonly #contexts = new Map<Plugin<string, any>, PluginContext<Env>>();

  constructor(ctx: DurableObjectState, env: Env, cls: ObjectClassConfig & object) {
    this.ctx = ctx;
    this.env = env;
    this.plugins = cls.plugins ?? [];
    this.retention = { ...DEFAULT_LOG_RETENTION, ...cls.logRetention };
    // Throwing here breaks the object: every later call answers with the
    // same error (for a failed migration: its name and SQLite's message).
    ctx
      .blockConcurrencyWhile(async () => {
        const state = bringSchemaUpToDate(ctx.storage, await planFor(cls), ctx.id.name);
        this.#name = state.name;
        for (const plugin of this.plugins) await plugin.onWake?.call(this.contextFor(plugin));
      })
      .catch(() => {
        // The platform has already broken the object with this error and hands
        // it to every caller; nothing is left to handle here.
      });
  }

  get db(): Kysely<DB> {
    return (this.#db ??= new Kysely<DB>({ dialect: new DurableSqliteDialect(this.ctx.storage.sql) }));
  }

  get sync(): SyncSql<DB> {
    return (this.#sync ??= new SyncSql<DB>(this.ctx.storage.sql, this.db));
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
      };
      this.#contexts.set(plugin, context);
    }
    return context;
  }
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
    Object.defineProperty(holder, RUNTIME, { value: new ObjectRuntime<Env, DB>(ctx, env, cls), enumerable: false });
  }
  return holder[RUNTIME]!;
}

/** The runtime of an object built by UserDO or `withPlugins`. */
export function runtimeOf<Env = unknown, DB = any>(instance: object): ObjectRuntime<Env, DB> {
  const runtime = (instance as { [RUNTIME]?: ObjectRuntime<Env, DB> })[RUNTIME];
  if (!runtime) throw new UserDOError(500, "no_runtime", "this object was not built with UserDO or withPlugins()");
  return runtime;
}
