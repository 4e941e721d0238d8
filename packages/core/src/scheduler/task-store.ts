import { TASKS_TABLE, type TaskRow } from "./task-table.js";
import type { TaskQuery } from "./task-types.js";

/** A task to insert, every column but the generated ones. */
export interface NewTask {
  readonly owner: string;
  readonly task: string;
  readonly key: string | null;
  readonly payload: string;
  readonly runAt: number;
  readonly maxAttempts: number | null;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly every: number | null;
  readonly cron: string | null;
  readonly now: number;
}

const COLUMNS =
  "id, owner, task, key, payload, run_at, state, attempts, max_attempts, backoff_ms, max_backoff_ms, every_ms, cron, last_error, created_at";

/** Inserts a task unless one with the same owner and key is alive; null in that case. */
export function insertTask(sql: SqlStorage, t: NewTask): TaskRow | null {
  const rows = sql
    .exec<TaskRow>(
      `INSERT INTO ${TASKS_TABLE} (owner, task, key, payload, run_at, max_attempts, backoff_ms, max_backoff_ms, every_ms, cron, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (owner, key) WHERE key IS NOT NULL AND state <> 'dead' DO NOTHING
       RETURNING ${COLUMNS}`,
      t.owner,
      t.task,
      t.key,
      t.payload,
      t.runAt,
      t.maxAttempts,
      t.backoffMs,
      t.maxBackoffMs,
      t.every,
      t.cron,
      t.now,
    )
    .toArray();
  return rows[0] ?? null;
}

/** The live (pending or running) task of an owner with a key. */
export function findLiveByKey(sql: SqlStorage, owner: string, key: string): TaskRow | null {
  const rows = sql
    .exec<TaskRow>(`SELECT ${COLUMNS} FROM ${TASKS_TABLE} WHERE owner = ? AND key = ? AND state <> 'dead'`, owner, key)
    .toArray();
  return rows[0] ?? null;
}

/**
 * Takes the earliest due pending task and marks it running with one more
 * attempt, in one statement: a crash after this point counts as a failed
 * attempt, never as a task that silently ran twice without being counted.
 */
export function claimDue(sql: SqlStorage, now: number): TaskRow | null {
  const rows = sql
    .exec<TaskRow>(
      `UPDATE ${TASKS_TABLE} SET state = 'running', attempts = attempts + 1
       WHERE id = (SELECT id FROM ${TASKS_TABLE} WHERE state = 'pending' AND run_at <= ? ORDER BY run_at, id LIMIT 1)
       RETURNING ${COLUMNS}`,
      now,
    )
    .toArray();
  return rows[0] ?? null;
}

/** The earliest time a pending task is due, or null. */
export function earliestDue(sql: SqlStorage): number | null {
  const row = sql
    .exec<{ at: number | null }>(`SELECT min(run_at) AS at FROM ${TASKS_TABLE} WHERE state = 'pending'`)
    .one();
  return row.at;
}

/**
 * Tasks left "running" by an instance that was evicted or crashed: their
 * attempt is spent; they are due again now (within their attempt budget).
 */
export function requeueInterrupted(sql: SqlStorage, now: number): number {
  return sql.exec(
    `UPDATE ${TASKS_TABLE} SET state = 'pending', run_at = ?, last_error = coalesce(last_error, 'interrupted (the object was restarted mid-run)')
     WHERE state = 'running'`,
    now,
  ).rowsWritten;
}

export function deleteTask(sql: SqlStorage, id: number): void {
  sql.exec(`DELETE FROM ${TASKS_TABLE} WHERE id = ?`, id);
}

/** Puts a task back to pending at `runAt`; `attempts` resets for a new occurrence. */
export function reschedule(
  sql: SqlStorage,
  id: number,
  runAt: number,
  attempts: number,
  lastError: string | null,
): void {
  sql.exec(
    `UPDATE ${TASKS_TABLE} SET state = 'pending', run_at = ?, attempts = ?, last_error = ? WHERE id = ?`,
    runAt,
    attempts,
    lastError,
    id,
  );
}

export function markDead(sql: SqlStorage, id: number, lastError: string): void {
  sql.exec(`UPDATE ${TASKS_TABLE} SET state = 'dead', last_error = ? WHERE id = ?`, lastError, id);
}

/** Removes a live task of `owner` by id or key; true if one was removed. */
export function cancelTask(sql: SqlStorage, owner: string, idOrKey: number | string): boolean {
  const cursor =
    typeof idOrKey === "number"
      ? sql.exec(`DELETE FROM ${TASKS_TABLE} WHERE owner = ? AND id = ? RETURNING id`, owner, idOrKey)
      : sql.exec(
          `DELETE FROM ${TASKS_TABLE} WHERE owner = ? AND key = ? AND state <> 'dead' RETURNING id`,
          owner,
          idOrKey,
        );
  return cursor.toArray().length > 0;
}

/** Brings a dead-lettered task of `owner` back to pending, with fresh attempts. */
export function reviveDead(sql: SqlStorage, owner: string, id: number, now: number): TaskRow | null {
  const rows = sql
    .exec<TaskRow>(
      `UPDATE ${TASKS_TABLE} SET state = 'pending', attempts = 0, run_at = ? WHERE owner = ? AND id = ? AND state = 'dead' RETURNING ${COLUMNS}`,
      now,
      owner,
      id,
    )
    .toArray();
  return rows[0] ?? null;
}

/** Tasks by due time; all owners unless one is given. */
export function listTasks(
  sql: SqlStorage,
  owner: string | null,
  query: Required<Pick<TaskQuery, "limit">> & TaskQuery,
): TaskRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (owner !== null) filter("owner = ?", owner);
  if (query.state !== undefined) filter("state = ?", query.state);
  if (query.task !== undefined) filter("task = ?", query.task);
  const clause = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  return sql
    .exec<TaskRow>(
      `SELECT ${COLUMNS} FROM ${TASKS_TABLE} ${clause} ORDER BY run_at, id LIMIT ?`,
      ...params,
      query.limit,
    )
    .toArray();
}
