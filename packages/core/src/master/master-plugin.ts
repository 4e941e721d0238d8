import { definePlugin } from "../plugin/plugin.js";
import { MASTER_MIGRATION } from "./master-tables.js";

/** Brings the master's registry tables to a MasterDO (its app migrations stay the user's). */
export const masterPlugin = definePlugin({
  name: "master",
  migrations: [{ name: "001_registry", up: MASTER_MIGRATION }],
});
