// Over 200 lines on purpose: one class, the run loop of the alarm (schedule, run, retry, dead-letter, re-arm), whose steps share its guarantees; rows are in task-store.ts, input and timing in schedule-input.ts.
import { UserDOError } from "../errors.js";
import type { LogLevel } from "../log/log-levels.js";
import {
  backoffDelay,
  nextOccurrence,
  payloadJson,
  readKey,
  readRetry,
  readTaskQuery,
  readTaskRef,
  readWhen,
} from "./schedule-input.js";
import {
  cancelTask,
  claimDue,
  deleteTask,
  earliestDue,
  findLiveByKey,
  insertTask,
  listTasks,
  markDead,
  requeueInterrupted,
  reschedule,
  reviveDead,
} from "./task-store.js";
import { type TaskRow, toTaskInfo } from "./task-table.js";
import type { ScheduleOptions, TaskInfo, TaskQuery, TaskRun, When } from "./task-types.js";

/** Finds the handler of `owner`'s task `task`, bound to its `this`; undefined if there is none. */
export type TaskResolver = (owner: string, task: string) => ((payload: unknown, run: TaskRun) => unknown) | undefined;

/** Runs per alarm before the alarm is re-armed to fire again at once; bounds one alarm's length. */
const MAX_TASKS_PER_RUN = 100;
const MAX_ERROR_CHARS = 2_000;

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_CHARS);
}

/**
 * Many tasks on the object's one platform alarm. Tasks live in
 * `_userdo_tasks`; the alarm is always armed to the earliest pending one.
 *
 * Guarantees: a task that finished is deleted (or moved to its next
 * occurrence) before the next one starts, so a retried platform alarm never
 * runs it again; a throwing task is retried with exponential backoff and then
 * dead-lettered, never dropped; one task's failure does not stop the others;
 * a task interrupted by eviction is run again (as its next attempt) on wake.
 */
export class Scheduler {
  readonly #storage: DurableObjectStorage;
  readonly #resolve: TaskResolver;
  readonly #log: (level: LogLevel, message: string, data?: unknown) => void;
  #run: Promise<void> | null = null;

  constructor(
    storage: DurableObjectStorage,
    resolve: TaskResolver,
    log: (level: LogLevel, message: string, data?: unknown) => void,
  ) {
    this.#storage = storage;
    this.#resolve = resolve;
    this.#log = log;
  }

  /** Stores a task for `owner` and arms the alarm; with a key, an alive task with that key is returned unchanged. */
  async schedule(
    owner: string,
    when: When,
    task: string,
    payload: unknown,
    options?: ScheduleOptions,
  ): Promise<TaskInfo> {
    const row = this.scheduleSync(owner, when, task, payload, options);
    await this.arm();
    return toTaskInfo(row);
  }

  /** The storage part of {@link schedule}: usable inside `transactionSync`; the caller arms the alarm after. */
  scheduleSync(owner: string, when: When, task: string, payload: unknown, options?: ScheduleOptions): TaskRow {
    if (typeof task !== "string" || this.#resolve(owner, task) === undefined) {
      throw new UserDOError(
        400,
        "unknown_task",
        `no task "${String(task)}" is registered${owner === "app" ? "" : ` by plugin "${owner}"`}`,
      );
    }
    const now = Date.now();
    const timing = readWhen(when, now);
    const retry = readRetry(options?.retry);
    const key = readKey(options);
    const json = payloadJson(payload);
    const sql = this.#storage.sql;
    const row = insertTask(sql, {
      owner,
      task,
      key,
      payload: json,
      runAt: timing.runAt,
      maxAttempts: retry.attempts,
      backoffMs: retry.backoffMs,
      maxBackoffMs: retry.maxBackoffMs,
      every: timing.every,
      cron: timing.cron,
      now,
    });
    return row ?? findLiveByKey(sql, owner, key!)!;
  }

  /** Removes a pending task of `owner` by id or key; true if there was one. */
  async cancel(owner: string, idOrKey: number | string): Promise<boolean> {
    const ref = readTaskRef(idOrKey);
    // The alarm may stay armed for the cancelled task; it then fires, finds nothing due and re-arms.
    return cancelTask(this.#storage.sql, owner, ref);
  }

  /** Puts a dead-lettered task of `owner` back in the queue with fresh attempts. */
  async retryDead(owner: string, id: number): Promise<TaskInfo> {
    const row = reviveDead(this.#storage.sql, owner, id, Date.now());
    if (!row) throw new UserDOError(404, "not_found", `no dead task ${id}`);
    await this.arm();
    return toTaskInfo(row);
  }

  /** Tasks by due time, every owner's unless `owner` is given. */
  list(owner: string | null, query?: TaskQuery): TaskInfo[] {
    return listTasks(this.#storage.sql, owner, readTaskQuery(query)).map(toTaskInfo);
  }

  /** On wake: tasks an evicted instance left running are due again, and the alarm is armed. */
  async wake(): Promise<void> {
    requeueInterrupted(this.#storage.sql, Date.now());
    await this.arm();
  }

  /**
   * Runs every due task, one at a time, then re-arms the alarm. Called from the
   * alarm; concurrent calls share one run.
   */
  runDue(): Promise<void> {
    this.#run ??= this.#runDue().finally(() => {
      this.#run = null;
    });
    return this.#run;
  }

  async #runDue(): Promise<void> {
    for (let i = 0; i < MAX_TASKS_PER_RUN; i++) {
      // Claimed one by one, so a task cancelled or added by an earlier one is seen.
      const row = claimDue(this.#storage.sql, Date.now());
      if (!row) break;
      await this.#runOne(row);
    }
    await this.arm(true);
  }

  async #runOne(row: TaskRow): Promise<void> {
    const handler = this.#resolve(row.owner, row.task);
    if (!handler) {
      // Code that scheduled it was deployed away: keep it visible, never drop it.
      markDead(this.#storage.sql, row.id, `no handler for task "${row.task}" of "${row.owner}"`);
      this.#log("error", "task has no handler; dead-lettered", { id: row.id, owner: row.owner, task: row.task });
      return;
    }
    const run: TaskRun = { id: row.id, task: row.task, attempt: row.attempts, scheduledAt: row.run_at };
    try {
      await handler(JSON.parse(row.payload) as unknown, run);
    } catch (error) {
      this.#failed(row, errorText(error));
      return;
    }
    const next = nextOccurrence(row.every_ms, row.cron, row.run_at, Date.now());
    if (next === null) deleteTask(this.#storage.sql, row.id);
    else reschedule(this.#storage.sql, row.id, next, 0, null);
  }

  #failed(row: TaskRow, error: string): void {
    const sql = this.#storage.sql;
    const now = Date.now();
    const info = { id: row.id, owner: row.owner, task: row.task, attempt: row.attempts, error };
    if (row.max_attempts === null || row.attempts < row.max_attempts) {
      reschedule(
        sql,
        row.id,
        now + backoffDelay(row.attempts, row.backoff_ms, row.max_backoff_ms),
        row.attempts,
        error,
      );
      this.#log("warn", "task failed; will retry", info);
      return;
    }
    const next = nextOccurrence(row.every_ms, row.cron, row.run_at, now);
    if (next === null) {
      markDead(sql, row.id, error);
      this.#log("error", "task failed its last attempt; dead-lettered", info);
    } else {
      // A recurring task is not killed by one bad occurrence: it moves on, error kept.
      reschedule(sql, row.id, next, 0, error);
      this.#log("error", "recurring task failed its last attempt; skipped to the next occurrence", info);
    }
  }

  /**
   * Arms the platform alarm for the earliest pending task, unless an earlier
   * alarm is already set (possibly by the class's own code, which shares the
   * alarm). `afterRun`: called at the end of an alarm, when a still-set time
   * in the past is the alarm that just fired.
   */
  async arm(afterRun = false): Promise<void> {
    const next = earliestDue(this.#storage.sql);
    if (next === null) return;
    const current = await this.#storage.getAlarm();
    const stale = current !== null && afterRun && current <= Date.now();
    if (current === null || stale || next < current) await this.#storage.setAlarm(next);
  }
}
