import type { Kysely } from "kysely";
import { InvalidMigrationsError } from "../errors.js";
import { queryBuilder } from "../sql/query-builder.js";
import type { MigrationSet, MigrationStep } from "./migration.js";

/** A migration compiled to SQL, with the checksum of that SQL. */
export interface PlannedMigration {
  /** `namespace/name`, the id recorded in the database. */
  readonly id: string;
  readonly namespace: string;
  readonly sql: readonly string[];
  readonly checksum: string;
}

/** Every declared migration in order, and one fingerprint of them all. */
export interface MigrationPlan {
  readonly migrations: readonly PlannedMigration[];
  readonly fingerprint: string;
}

const NAMESPACE = /^[a-z][a-z0-9_-]*$/;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function stepSql(step: MigrationStep, db: Kysely<any>): string {
  if (typeof step === "string") return step;
  if ("isRawBuilder" in step) return step.compile(db).sql;
  return (step as { compile(): { sql: string } }).compile().sql;
}

function compileSteps(set: MigrationSet, index: number, db: Kysely<any>): string[] {
  const migration = set.migrations[index]!;
  const where = `migration ${index + 1} of "${set.namespace}"`;
  if (typeof migration?.name !== "string" || migration.name.trim() === "") {
    throw new InvalidMigrationsError(`${where} has no name`);
  }
  const out = typeof migration.up === "function" ? migration.up(db) : migration.up;
  const steps = (Array.isArray(out) ? out : [out]) as MigrationStep[];
  const sql = steps.map((step) => stepSql(step, db).trim()).filter((text) => text !== "");
  if (sql.length === 0) {
    throw new InvalidMigrationsError(`migration "${set.namespace}/${migration.name}" has no SQL`);
  }
  return sql;
}

/**
 * Validates and compiles migration sets into a plan. Checksums are taken over
 * the compiled SQL, so reformatting the TypeScript that builds a migration does
 * not count as an edit, while any change to the SQL it produces does.
 */
export async function planMigrations(sets: readonly MigrationSet[]): Promise<MigrationPlan> {
  const db = queryBuilder<any>();
  const seenNamespaces = new Set<string>();
  const migrations: PlannedMigration[] = [];
  for (const set of sets) {
    if (!NAMESPACE.test(set.namespace)) {
      throw new InvalidMigrationsError(`migration namespace "${set.namespace}" must match ${NAMESPACE}`);
    }
    if (seenNamespaces.has(set.namespace)) {
      throw new InvalidMigrationsError(
        `migration namespace "${set.namespace}" is declared twice (is a plugin added twice?)`,
      );
    }
    seenNamespaces.add(set.namespace);
    if (!Array.isArray(set.migrations)) {
      throw new InvalidMigrationsError(`migrations of "${set.namespace}" must be an array`);
    }
    const names = new Set<string>();
    for (let i = 0; i < set.migrations.length; i++) {
      const sql = compileSteps(set, i, db);
      const name = set.migrations[i]!.name;
      if (names.has(name))
        throw new InvalidMigrationsError(`migration name "${name}" appears twice in "${set.namespace}"`);
      names.add(name);
      migrations.push({
        id: `${set.namespace}/${name}`,
        namespace: set.namespace,
        sql,
        checksum: await sha256(sql.join("\n;\n")),
      });
    }
  }
  const fingerprint = await sha256(migrations.map((m) => `${m.id}=${m.checksum}`).join("\n"));
  return { migrations, fingerprint };
}
