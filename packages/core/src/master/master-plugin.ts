import { definePlugin } from "../plugin/plugin.js";
import { ERASURES_MIGRATION, MASTER_MIGRATION } from "./master-tables.js";

/** Brings the master's registry and deletion audit tables to a MasterDO (its app migrations stay the user's). */
export const masterPlugin = definePlugin({
  name: "master",
  migrations: [
    { name: "001_registry", up: MASTER_MIGRATION },
    { name: "002_erasures", up: ERASURES_MIGRATION },
  ],
});
