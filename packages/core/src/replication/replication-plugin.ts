import { definePlugin, type PluginContext } from "../plugin/plugin.js";
import { REPLICATION_MIGRATION } from "./replication-state.js";
import { REPLICATION_OWNER, replicatorOf } from "./replicator.js";

/**
 * The core plugin behind replication: the outbox and state tables (every
 * object has them, empty unless its class replicates) and the `flush` task,
 * registered like any plugin's task. Capture itself is installed on wake from
 * the class's `static replication`.
 */
export const replicationPlugin = definePlugin({
  name: REPLICATION_OWNER,
  migrations: [{ name: "001_outbox", up: REPLICATION_MIGRATION }],
  tasks: {
    async flush(this: PluginContext) {
      // No replicator: the class stopped replicating after this task was scheduled.
      await replicatorOf(this.ctx)?.flush();
    },
  },
});
