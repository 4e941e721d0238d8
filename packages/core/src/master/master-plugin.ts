import { definePlugin, type PluginContext } from "../plugin/plugin.js";
import { FLEET_MIGRATION, FLEET_TASK, fleetStep } from "./fleet.js";
import { ERASURES_MIGRATION, MASTER_MIGRATION } from "./master-tables.js";

/** Brings the master's registry and deletion audit tables to a MasterDO (its app migrations stay the user's). */
export const masterPlugin = definePlugin({
  name: "master",
  migrations: [
    { name: "001_registry", up: MASTER_MIGRATION },
    { name: "002_erasures", up: ERASURES_MIGRATION },
    { name: "003_fleet", up: FLEET_MIGRATION },
  ],
  tasks: {
    async [FLEET_TASK](this: PluginContext, payload: { binding: string }) {
      await fleetStep(this, payload);
    },
  },
});
