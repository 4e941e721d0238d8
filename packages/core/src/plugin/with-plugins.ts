import { ConfigurationError } from "../errors.js";
import type { LogEntry, LogQuery } from "../log/log-plugin.js";
import type { DeleteSummary, ExportSummary, ImportSummary } from "../shared/data-summaries.js";
import { type SchedulerMethods, installSchedulerMethods } from "../scheduler/scheduler-methods.js";
import { CORE_PLUGINS } from "./core-plugins.js";
import { attachRuntime, runtimeOf } from "../runtime/attach-runtime.js";
import type { Plugin, PluginMethods } from "./plugin.js";

type ObjectClass = new (...args: any[]) => object;

// A class that already schedules (a UserDO) keeps its typed methods.
export type WithScheduler<B extends ObjectClass> =
  InstanceType<B> extends { schedule: unknown } ? {} : SchedulerMethods;

/** Every class with plugins can read its log, and export, import and delete its data. */
export interface WithLog {
  readLog(query?: LogQuery): LogEntry[];
  exportDatabase(writable: WritableStream<Uint8Array>): Promise<ExportSummary>;
  importDatabase(readable: ReadableStream<Uint8Array>, options?: { replace?: boolean }): Promise<ImportSummary>;
  deleteUser(options?: { by?: string }): Promise<DeleteSummary>;
  migrationState(): { applied: number; last: string | null };
}

/** Adds each plugin's methods to a class prototype, bound to the plugin's context. */
export function installPluginMethods(target: ObjectClass, plugins: readonly Plugin<string, any>[]): void {
  for (const plugin of plugins) {
    for (const [key, method] of Object.entries(plugin.methods ?? {})) {
      if (key in target.prototype) {
        throw new ConfigurationError(
          "plugin_clash",
          `plugin "${plugin.name}" brings method "${key}", which the class already has`,
        );
      }
      Object.defineProperty(target.prototype, key, {
        value: function (this: object, ...args: unknown[]) {
          return (method as (...a: unknown[]) => unknown).apply(runtimeOf(this).contextFor(plugin), args);
        },
        writable: true,
        configurable: true,
      });
    }
  }
}

/**
 * Adds plugins to a Durable Object class: to a UserDO subclass, or to an
 * existing `DurableObject` that does not extend UserDO. The plugins' tables are
 * migrated when the object wakes and their methods become RPC methods.
 *
 * @example
 * ```ts
 * // add billing to a DO you already have
 * class MyCounter extends DurableObject<Env> {}
 * export class Counter extends withPlugins(MyCounter, billing()) {}
 * // or compose several on a UserDO
 * export class App extends withPlugins(UserDO<Env, DB>, auth(), billing()) {}
 * ```
 */
export function withPlugins<B extends ObjectClass, const P extends readonly Plugin<string, any>[]>(
  Base: B,
  ...plugins: P
): B & (new (...args: any[]) => PluginMethods<P> & WithLog & WithScheduler<B>) {
  const inherited: readonly Plugin<string, any>[] =
    (Base as { plugins?: readonly Plugin<string, any>[] }).plugins ?? [];
  // Every object with plugins has the core plugins (the log first: plugins write to it).
  const missingDefaults = CORE_PLUGINS.filter((d) => !inherited.some((p) => p.name === d.name));
  const added = [...missingDefaults, ...plugins];
  for (const plugin of added) {
    if (inherited.some((p) => p.name === plugin.name))
      throw new ConfigurationError("plugin_clash", `plugin "${plugin.name}" is already attached`);
  }
  const Mixed = class extends Base {
    static plugins: readonly Plugin<string, any>[] = [...inherited, ...added];
    constructor(...args: any[]) {
      super(...args);
      attachRuntime(this, args[0] as DurableObjectState, args[1], new.target);
    }
  };
  installPluginMethods(Mixed, added);
  installSchedulerMethods(Mixed);
  // The platform calls alarm() only on a class that has one; the runtime runs the tasks in it.
  if (!("alarm" in Mixed.prototype)) {
    Object.defineProperty(Mixed.prototype, "alarm", {
      value: async function alarm() {},
      writable: true,
      configurable: true,
    });
  }
  return Mixed as unknown as B & (new (...args: any[]) => PluginMethods<P> & WithLog & WithScheduler<B>);
}
