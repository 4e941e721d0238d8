import { UserDOError } from "../errors.js";
import type { PluginContext } from "../plugin/plugin.js";
import type { FleetObject, FleetOptions, FleetStatus } from "../shared/fleet-types.js";
import { SYSTEM_PREFIX } from "../system/tables.js";
import { SOURCES_TABLE } from "./master-tables.js";
import { FleetBinding, FleetOptionsSchema } from "./fleet-inputs.js";
import { parseInput } from "../schema/parse-input.js";

/** One run per binding: its cursor in the registry and its settings. */
export const FLEET_RUNS_TABLE = `${SYSTEM_PREFIX}master_fleet_runs`;
/** The state of each object of the last run, by binding and name. */
export const FLEET_OBJECTS_TABLE = `${SYSTEM_PREFIX}master_fleet_objects`;

/** The master's third migration: fleet migration runs and their per-object report. */
export const FLEET_MIGRATION = `CREATE TABLE IF NOT EXISTS ${FLEET_RUNS_TABLE} (
  binding TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  concurrency INTEGER NOT NULL,
  batch INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE TABLE IF NOT EXISTS ${FLEET_OBJECTS_TABLE} (
  binding TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  migration TEXT,
  error TEXT,
  checked_at INTEGER NOT NULL,
  PRIMARY KEY (binding, name)
) WITHOUT ROWID`;

/** The scheduler task (of the master plugin) that runs one batch and schedules the next. */
export const FLEET_TASK = "fleetStep";

interface RunRow extends Record<string, SqlStorageValue> {
  binding: string;
  cursor: string;
  concurrency: number;
  batch: number;
  started_at: number;
  finished_at: number | null;
}

/**
 * Starts a fleet migration of `binding` on this shard, or resumes the one
 * running: every user in the registry is woken (which applies its pending
 * migrations) `batch` at a time, at most `concurrency` at once, and its state
 * recorded. Each batch is one run of a scheduled task that persists its
 * cursor, so a run survives eviction and restarts where it stopped.
 */
export async function startFleet(context: PluginContext, bindingInput: unknown, options: FleetOptions = {}) {
  const binding = parseInput(FleetBinding, bindingInput, { root: "binding" });
  const namespace = (context.env as Record<string, unknown>)[binding];
  if (typeof namespace !== "object" || namespace === null || !("idFromName" in namespace)) {
    throw new UserDOError(400, "bad_binding", `env.${binding} is not a Durable Object namespace`);
  }
  const { concurrency, batch, restart } = parseInput(FleetOptionsSchema, options, { name: "the fleet options" });
  const sql = context.ctx.storage.sql;
  const run = sql.exec<RunRow>(`SELECT * FROM ${FLEET_RUNS_TABLE} WHERE binding = ?`, binding).toArray()[0];
  if (!run || run.finished_at !== null || restart) {
    context.ctx.storage.transactionSync(() => {
      sql.exec(`DELETE FROM ${FLEET_OBJECTS_TABLE} WHERE binding = ?`, binding);
      sql.exec(
        `INSERT INTO ${FLEET_RUNS_TABLE} (binding, cursor, concurrency, batch, started_at, finished_at) VALUES (?, '', ?, ?, ?, NULL)
         ON CONFLICT (binding) DO UPDATE SET cursor = '', concurrency = excluded.concurrency, batch = excluded.batch,
           started_at = excluded.started_at, finished_at = NULL`,
        binding,
        concurrency,
        batch,
        Date.now(),
      );
    });
  }
  await context.schedule(0, FLEET_TASK, { binding }, { key: `${FLEET_TASK}:${binding}` });
  return fleetStatus(sql, binding);
}

interface MigrationStateObject extends Rpc.DurableObjectBranded {
  migrationState(): { applied: number; last: string | null };
}

// Wakes one object; its state, or the failing migration and SQLite's message.
async function wake(namespace: DurableObjectNamespace<MigrationStateObject>, name: string): Promise<FleetObject> {
  try {
    await namespace.get(namespace.idFromName(name)).migrationState();
    return { name, state: "up_to_date", migration: null, error: null };
  } catch (error) {
    const migration = (error as { migration?: unknown }).migration;
    // The message itself, configuration error or not: the report is for the admin.
    const message = error instanceof Error ? error.message : String(error);
    return { name, state: "failed", migration: typeof migration === "string" ? migration : null, error: message };
  }
}

/** The task: one batch of the run (the next names after the cursor), then the next batch is scheduled. */
export async function fleetStep(context: PluginContext, payload: { binding: string }): Promise<void> {
  const sql = context.ctx.storage.sql;
  const run = sql.exec<RunRow>(`SELECT * FROM ${FLEET_RUNS_TABLE} WHERE binding = ?`, payload.binding).toArray()[0];
  if (!run || run.finished_at !== null) return;
  const namespace = (context.env as Record<string, DurableObjectNamespace<MigrationStateObject>>)[run.binding]!;
  const names = sql
    .exec<{ name: string }>(
      `SELECT name FROM ${SOURCES_TABLE} WHERE name > ? ORDER BY name LIMIT ?`,
      run.cursor,
      run.batch,
    )
    .toArray()
    .map((r) => r.name);
  const results: FleetObject[] = [];
  for (let i = 0; i < names.length; i += run.concurrency) {
    results.push(...(await Promise.all(names.slice(i, i + run.concurrency).map((name) => wake(namespace, name)))));
  }
  const now = Date.now();
  context.ctx.storage.transactionSync(() => {
    for (const r of results) {
      sql.exec(
        `INSERT INTO ${FLEET_OBJECTS_TABLE} (binding, name, state, migration, error, checked_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (binding, name) DO UPDATE SET state = excluded.state, migration = excluded.migration,
           error = excluded.error, checked_at = excluded.checked_at`,
        run.binding,
        r.name,
        r.state,
        r.migration,
        r.error,
        now,
      );
    }
    const done = names.length < run.batch;
    sql.exec(
      `UPDATE ${FLEET_RUNS_TABLE} SET cursor = ?, finished_at = ? WHERE binding = ?`,
      names.at(-1) ?? run.cursor,
      done ? now : null,
      run.binding,
    );
  });
  if (names.length === run.batch) {
    await context.schedule(0, FLEET_TASK, payload, { key: `${FLEET_TASK}:${run.binding}:${names.at(-1)}` });
  }
}

/** Counts and failures of the last run of `binding` on this shard. */
export function fleetStatus(sql: SqlStorage, bindingInput: unknown): FleetStatus {
  const binding = parseInput(FleetBinding, bindingInput, { root: "binding" });
  const run = sql.exec<RunRow>(`SELECT * FROM ${FLEET_RUNS_TABLE} WHERE binding = ?`, binding).toArray()[0];
  const registered = sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${SOURCES_TABLE}`).one().n;
  const counts = Object.fromEntries(
    sql
      .exec<{ state: string; n: number }>(
        `SELECT state, count(*) AS n FROM ${FLEET_OBJECTS_TABLE} WHERE binding = ? GROUP BY state`,
        binding,
      )
      .toArray()
      .map((r) => [r.state, r.n]),
  );
  const failed = sql
    .exec<{ name: string; migration: string | null; error: string | null }>(
      `SELECT name, migration, error FROM ${FLEET_OBJECTS_TABLE} WHERE binding = ? AND state = 'failed' ORDER BY name LIMIT 100`,
      binding,
    )
    .toArray()
    .map((r) => ({ name: r.name, state: "failed" as const, migration: r.migration, error: r.error }));
  const upToDate = counts.up_to_date ?? 0;
  const failures = counts.failed ?? 0;
  return {
    binding,
    running: run !== undefined && run.finished_at === null,
    startedAt: run?.started_at ?? null,
    finishedAt: run?.finished_at ?? null,
    counts: {
      registered,
      upToDate,
      failed: failures,
      pending: run ? Math.max(0, registered - upToDate - failures) : registered,
    },
    failed,
  };
}
