import type { Plugin, PluginContext } from "../plugin/plugin.js";
import type { ObjectRuntime } from "./object-runtime.js";

/**
 * The context a plugin's methods, tasks and hooks run with: the object's
 * storage, env, SQL and log, and the scheduler under the plugin's own name.
 * `sync` and `name` are read through, as the runtime sets them on wake.
 */
export function createPluginContext<Env>(
  runtime: ObjectRuntime<Env, any>,
  plugin: Plugin<string, any>,
): PluginContext<Env> {
  return {
    ctx: runtime.ctx,
    env: runtime.env,
    get sync() {
      return runtime.sync;
    },
    get name() {
      return runtime.name;
    },
    log: (level, message, data) => runtime.log(level, message, data),
    schedule: (when, task, payload, options) => runtime.scheduler.schedule(plugin.name, when, task, payload, options),
    cancelTask: (idOrKey) => runtime.scheduler.cancel(plugin.name, idOrKey),
    listTasks: (query) => runtime.scheduler.list(plugin.name, query),
  };
}
