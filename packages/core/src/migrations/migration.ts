import type { Compilable, Kysely, RawBuilder } from "kysely";

/** One statement of a migration: SQL text, a Kysely schema builder, or a `sql` template. */
export type MigrationStep = string | Compilable | RawBuilder<unknown>;

/**
 * One step of a schema's history. `up` is SQL text (several statements are
 * fine) or a function that returns Kysely schema builders. Migrations run in
 * the order they are declared and are never edited once applied: add a new one.
 *
 * @example
 * ```ts
 * const migrations: Migration[] = [
 *   { name: "001_todo", up: (db) => db.schema.createTable("todo")
 *       .addColumn("id", "integer", (c) => c.primaryKey())
 *       .addColumn("title", "text", (c) => c.notNull()) },
 *   { name: "002_todo_done", up: "ALTER TABLE todo ADD COLUMN done INTEGER NOT NULL DEFAULT 0" },
 * ];
 * ```
 */
export interface Migration {
  readonly name: string;
  readonly up: string | ((db: Kysely<any>) => MigrationStep | readonly MigrationStep[]);
}

/** The migrations of one owner (the app, or a plugin) under its namespace. */
export interface MigrationSet {
  readonly namespace: string;
  readonly migrations: readonly Migration[];
}
