import { MigrationError } from "../errors.js";
import { readMeta, writeMeta } from "../system/meta.js";
import { CREATE_SYSTEM_TABLES, MIGRATIONS_TABLE, isMissingTable } from "../system/tables.js";
import type { MigrationPlan, PlannedMigration } from "./migration-plan.js";

/** What the object learned while bringing its schema up to date. */
export interface SchemaState {
  /** The object's name, from the platform or as persisted earlier; null for unnamed ids. */
  readonly name: string | null;
  /** Ids of the migrations this wake applied (empty on the fast path). */
  readonly applied: readonly string[];
  /** An import began and never finished (the object was evicted or crashed during it). */
  readonly unfinishedImport: boolean;
}

interface AppliedRow extends Record<string, SqlStorageValue> {
  id: string;
  checksum: string;
}

function pendingMigrations(sql: SqlStorage, plan: MigrationPlan): PlannedMigration[] {
  const applied = sql.exec<AppliedRow>(`SELECT id, checksum FROM ${MIGRATIONS_TABLE} ORDER BY seq`).toArray();
  const declared = new Map(plan.migrations.map((m) => [m.id, m]));
  const appliedIds = new Set<string>();
  for (const row of applied) {
    const migration = declared.get(row.id);
    if (!migration) {
      throw new MigrationError(
        row.id,
        `migration "${row.id}" was applied to this database but is missing from the code (was the code rolled back?)`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        row.id,
        `migration "${row.id}" was edited after it was applied (checksum ${row.checksum.slice(0, 12)} is now ${migration.checksum.slice(0, 12)}); add a new migration instead`,
      );
    }
    appliedIds.add(row.id);
  }
  const pending: PlannedMigration[] = [];
  for (const migration of plan.migrations) {
    if (appliedIds.has(migration.id)) {
      const newerBefore = pending.find((p) => p.namespace === migration.namespace);
      if (newerBefore) {
        throw new MigrationError(
          newerBefore.id,
          `migration "${newerBefore.id}" is new but declared before the applied "${migration.id}"; append new migrations at the end`,
        );
      }
    } else {
      pending.push(migration);
    }
  }
  return pending;
}

function apply(sql: SqlStorage, migration: PlannedMigration, now: number): void {
  for (const statement of migration.sql) {
    try {
      sql.exec(statement);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(migration.id, `migration "${migration.id}" failed: ${reason}`, { cause: error });
    }
  }
  sql.exec(
    `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, applied_at) VALUES (?, ?, ?)`,
    migration.id,
    migration.checksum,
    now,
  );
}

/**
 * A fresh object's whole schema in one step: the system tables and every
 * migration's statements in one exec (a few for a very large schema), the
 * migration records in one INSERT, the fingerprint (and name) in one more.
 * The records are the step-by-step path's: the same ids and checksums, in the
 * same order, with the same time.
 */
function applyFresh(sql: SqlStorage, plan: MigrationPlan, now: number, name: string | undefined): void {
  sql.exec(CREATE_SYSTEM_TABLES);
  for (const text of plan.freshSql) sql.exec(text);
  const records = JSON.stringify(plan.migrations.map((m) => [m.id, m.checksum]));
  sql.exec(
    `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, applied_at)
     SELECT value ->> 0, value ->> 1, ? FROM json_each(?) ORDER BY key`,
    now,
    records,
  );
  writeMeta(sql, "schema", plan.fingerprint);
  if (name !== undefined) writeMeta(sql, "name", name);
}

/** How {@link bringSchemaUpToDate} may bring a fresh object up (tests compare the two paths). */
export interface SchemaOptions {
  /** Apply a fresh object's whole schema in one step (default true); false: migration by migration. */
  readonly oneStep?: boolean;
}

/**
 * Brings the object's schema up to the plan. When nothing changed since the
 * last wake this is one small read. A fresh object gets its whole schema in
 * one step (see applyFresh). Otherwise every pending migration runs in
 * ONE `transactionSync`: if any fails, or an applied one was edited, nothing is
 * written and the error names the migration (a fresh object whose one step
 * failed takes this path too, so its error names the migration as well).
 */
export function bringSchemaUpToDate(
  storage: DurableObjectStorage,
  plan: MigrationPlan,
  platformName: string | undefined,
  { oneStep = true }: SchemaOptions = {},
): SchemaState {
  const sql = storage.sql;
  // One read on every wake: the fingerprint, the name, and an import cut short.
  const stored = readMeta(sql, ["schema", "name", "importing"]);
  const meta = stored ?? new Map();
  const unfinishedImport = meta.has("importing");
  const storedName = meta.get("name");
  const nameToStore = platformName !== undefined && platformName !== storedName ? platformName : undefined;
  const name = platformName ?? storedName ?? null;

  if (meta.get("schema") === plan.fingerprint) {
    if (nameToStore !== undefined) writeMeta(sql, "name", nameToStore);
    return { name, applied: [], unfinishedImport };
  }
  if (stored === null && oneStep && plan.migrations.length > 0) {
    try {
      storage.transactionSync(() => applyFresh(sql, plan, Date.now(), nameToStore));
      return { name, applied: plan.migrations.map((m) => m.id), unfinishedImport };
    } catch {
      // Rolled back: the step-by-step path below names the migration that fails.
    }
  }
  const applied = storage.transactionSync(() => {
    sql.exec(CREATE_SYSTEM_TABLES);
    const pending = pendingMigrations(sql, plan);
    const now = Date.now();
    for (const migration of pending) apply(sql, migration, now);
    writeMeta(sql, "schema", plan.fingerprint);
    if (nameToStore !== undefined) writeMeta(sql, "name", nameToStore);
    return pending.map((m) => m.id);
  });
  return { name, applied, unfinishedImport };
}

/** Applied migrations, oldest first. */
export function listAppliedMigrations(sql: SqlStorage): { id: string; checksum: string; appliedAt: number }[] {
  try {
    return sql
      .exec<{ id: string; checksum: string; applied_at: number }>(
        `SELECT id, checksum, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY seq`,
      )
      .toArray()
      .map((r) => ({ id: r.id, checksum: r.checksum, appliedAt: r.applied_at }));
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
}
