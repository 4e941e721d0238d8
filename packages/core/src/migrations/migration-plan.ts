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
  /**
   * A fresh object's whole schema as a few multi-statement SQL texts (every
   * migration's statements in order, each text under the platform's
   * statement size), so that a new object applies it in one step.
   */
  readonly freshSql: readonly string[];
}

// Under the platform's 100,000 bytes per exec, with room to spare.
const FRESH_CHUNK_BYTES = 90_000;

/**
 * Every statement of every migration, in order, joined into as few texts as
 * fit the statement size. Each is followed by `;` right after its last
 * character, because SQLite records a CREATE INDEX's text up to that `;`
 * (a newline before it would be recorded too, and the schema would differ
 * from the step-by-step path's); after a trailing `--` comment, on the next
 * line; nothing after a statement that ends in its own `;` (the platform
 * refuses an exec whose text ends in an empty statement).
 */
function terminated(statement: string): string {
  if (statement.endsWith(";")) return statement; // `;;` at the end of an exec is refused as an empty statement
  return /--[^\n]*$/.test(statement) ? `${statement}\n;` : `${statement};`;
}
function freshChunks(migrations: readonly PlannedMigration[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  const encoder = new TextEncoder();
  for (const statement of migrations.flatMap((m) => m.sql).map(terminated)) {
    const size = encoder.encode(statement).byteLength;
    if (current.length > 0 && bytes + size > FRESH_CHUNK_BYTES) {
      chunks.push(current.join(""));
      current = [];
      bytes = 0;
    }
    current.push(statement);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current.join(""));
  return chunks;
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
  return { migrations, fingerprint, freshSql: freshChunks(migrations) };
}
