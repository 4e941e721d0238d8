import { definePlugin } from "../plugin/plugin.js";
import { TASKS_MIGRATION } from "./task-table.js";

/**
 * The core plugin that brings the scheduler's table (`_userdo_tasks`) to every
 * object; part of `CORE_PLUGINS`, so a class lists it only when it builds its
 * plugin list by hand: `static plugins = [...CORE_PLUGINS, mine]`.
 */
export const schedulerPlugin = definePlugin({
  name: "scheduler",
  migrations: [{ name: "001_tasks", up: TASKS_MIGRATION }],
});
