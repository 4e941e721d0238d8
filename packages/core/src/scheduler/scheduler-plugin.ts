import { definePlugin } from "../plugin/plugin.js";
import { TASKS_MIGRATION } from "./task-store.js";

/** The core plugin that brings the scheduler's table (`_userdo_tasks`) to every object. */
export const schedulerPlugin = definePlugin({
  name: "scheduler",
  migrations: [{ name: "001_tasks", up: TASKS_MIGRATION }],
});
