import type { Plugin, PluginContext } from "../plugin/plugin.js";
import type { TaskResolver } from "../scheduler/scheduler.js";
import { APP_NAMESPACE } from "./migration-plans.js";
import type { ObjectClassConfig } from "./object-class-config.js";

/**
 * Finds the handler of a due task: the app's come from the class's static
 * `tasks` with the object as `this`, a plugin's from its `tasks` with its
 * context as `this`.
 */
export function taskResolver(
  instance: object,
  cls: ObjectClassConfig,
  plugins: readonly Plugin<string, any>[],
  contextFor: (plugin: Plugin<string, any>) => PluginContext<any>,
): TaskResolver {
  return (owner, task) => {
    if (owner === APP_NAMESPACE) {
      // Read each time: a deploy may change them.
      const tasks = cls.tasks;
      const handler = tasks && Object.hasOwn(tasks, task) ? tasks[task] : undefined;
      return handler && ((payload, run) => handler.call(instance, payload, run));
    }
    const plugin = plugins.find((p) => p.name === owner);
    const handler = plugin?.tasks && Object.hasOwn(plugin.tasks, task) ? plugin.tasks[task] : undefined;
    return handler && ((payload, run) => handler.call(contextFor(plugin!), payload, run));
  };
}
