import { runtimeOf } from "../runtime/attach-runtime.js";
import { APP_NAMESPACE } from "../runtime/migration-plans.js";
import type { ScheduleOptions, TaskInfo, TaskQuery, When } from "./task-types.js";

/**
 * The scheduling methods of an object, typed by `Tasks` (task name to
 * payload type). UserDO has them; `withPlugins` adds them to a plain
 * DurableObject (untyped names there: `Tasks` is `Record<string, unknown>`).
 *
 * @example
 * ```ts
 * const task = await userStub(env.TODO, user).schedule(60_000, "remind", { id: 1 }, { key: "remind:1" });
 * await userStub(env.TODO, user).cancelTask(task.id);
 * ```
 */
export interface SchedulerMethods<Tasks = Record<string, unknown>> {
  /**
   * Runs the class's task `task` with `payload` at `when` (delay ms, Date,
   * `{ every }` or `{ cron }`). With `options.key`, idempotent: an alive task
   * with that key is returned unchanged.
   */
  schedule<K extends keyof Tasks & string>(
    when: When,
    task: K,
    payload: Tasks[K],
    options?: ScheduleOptions,
  ): Promise<TaskInfo>;
  /** Cancels one of the class's pending tasks by id or key; true if there was one. */
  cancelTask(idOrKey: number | string): Promise<boolean>;
  /** Every task of the object (its own and its plugins'), by due time: `listTasks({ state: "dead" })`. */
  listTasks(query?: TaskQuery): TaskInfo[];
  /** Puts a dead-lettered task of the class back in the queue with fresh attempts. */
  retryTask(id: number): Promise<TaskInfo>;
}

/** The implementations, installed on UserDO and on classes made by `withPlugins`. */
export const schedulerMethods: SchedulerMethods<Record<string, unknown>> = {
  schedule(this: object, when, task, payload, options) {
    return runtimeOf(this).scheduler.schedule(APP_NAMESPACE, when, task, payload, options);
  },
  cancelTask(this: object, idOrKey) {
    return runtimeOf(this).scheduler.cancel(APP_NAMESPACE, idOrKey);
  },
  listTasks(this: object, query) {
    return runtimeOf(this).scheduler.list(null, query);
  },
  retryTask(this: object, id) {
    return runtimeOf(this).scheduler.retryDead(APP_NAMESPACE, id);
  },
};

/** Adds {@link schedulerMethods} to a class prototype, skipping names it already has. */
export function installSchedulerMethods(target: { prototype: object }): void {
  for (const [key, value] of Object.entries(schedulerMethods)) {
    if (key in target.prototype) continue;
    Object.defineProperty(target.prototype, key, { value, writable: true, configurable: true });
  }
}
