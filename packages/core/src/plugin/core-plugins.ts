import { dataPlugin } from "../dataops/data-plugin.js";
import { logPlugin } from "../log/log-plugin.js";
import { replicationPlugin } from "../replication/replication-plugin.js";
import { schedulerPlugin } from "../scheduler/scheduler-plugin.js";
import { studioPlugin } from "../studio/studio-plugin.js";
import type { Plugin } from "./plugin.js";

/**
 * The core plugins every object with userdo has, UserDO subclass or plain
 * DurableObject with `withPlugins`, in this order, before any other plugin:
 * the log (first: plugins write to it), the studio, the scheduler's tasks,
 * replication's outbox, and data (export, import, delete a user).
 *
 * @example
 * ```ts
 * class Shard extends UserDO<Env> {
 *   static override plugins = [...CORE_PLUGINS, definePlugin({ name: "visits" })];
 * }
 * ```
 */
export const CORE_PLUGINS: readonly Plugin<string, any>[] = Object.freeze([
  logPlugin,
  studioPlugin,
  schedulerPlugin,
  replicationPlugin,
  dataPlugin,
]);
