import type { JsonValue } from "../log/log-plugin.js";
import { SYSTEM_PREFIX } from "../system/tables.js";
import type { TaskInfo, TaskState } from "./task-types.js";

/** One row per task: pending, running or dead-lettered. Done one-off tasks are deleted. */
export const TASKS_TABLE = `${SYSTEM_PREFIX}tasks`;

/** The scheduler plugin's migrations: the tasks table and its indexes. */
export const TASKS_MIGRATION = `CREATE TABLE ${TASKS_TABLE} (
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  task TEXT NOT NULL,
  key TEXT,
  payload TEXT NOT NULL,
  run_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER,
  backoff_ms INTEGER NOT NULL,
  max_backoff_ms INTEGER NOT NULL,
  every_ms INTEGER,
  cron TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ${TASKS_TABLE}_key ON ${TASKS_TABLE} (owner, key) WHERE key IS NOT NULL AND state <> 'dead';
CREATE INDEX ${TASKS_TABLE}_due ON ${TASKS_TABLE} (state, run_at)`;

/** A task row as stored. */
export interface TaskRow extends Record<string, SqlStorageValue> {
  id: number;
  owner: string;
  task: string;
  key: string | null;
  payload: string;
  run_at: number;
  state: TaskState;
  attempts: number;
  max_attempts: number | null;
  backoff_ms: number;
  max_backoff_ms: number;
  every_ms: number | null;
  cron: string | null;
  last_error: string | null;
  created_at: number;
}

/** The public shape of a row. */
export function toTaskInfo(row: TaskRow): TaskInfo {
  return {
    id: row.id,
    owner: row.owner,
    task: row.task,
    key: row.key,
    payload: JSON.parse(row.payload) as JsonValue,
    runAt: row.run_at,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    every: row.every_ms,
    cron: row.cron,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}
