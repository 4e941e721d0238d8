import type { Generated } from "kysely";

/**
 * The table every query-path contender (and scenario 5's objects) runs
 * against, seeded with SEED_ROWS rows whose value equals their id.
 *
 * @example
 * ```ts
 * static override migrations = [{ name: "001_item", up: CREATE_ITEM }];
 * ```
 */
export const SEED_ROWS = 1000;

/** @see SEED_ROWS */
export const CREATE_ITEM =
  "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value INTEGER NOT NULL)";

/**
 * The item table's type for Kysely.
 *
 * @example
 * ```ts
 * const qb = queryBuilder<ItemDB>();
 * ```
 */
export interface ItemDB {
  item: { id: Generated<number>; name: string; value: number };
}

/** The three operations scenario 1 times: a point select, an insert, a point update (`value = value + 1`). */
export type QueryOp = "select" | "insert" | "update";

/**
 * Seeds the table once per object with SEED_ROWS rows, in one statement.
 *
 * @example
 * ```ts
 * constructor(ctx: DurableObjectState, env: unknown) { super(ctx, env); seed(ctx.storage.sql); }
 * ```
 */
export function seed(sql: SqlStorage): void {
  sql.exec(CREATE_ITEM);
  sql.exec(
    `WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ?)
     INSERT OR IGNORE INTO item (id, name, value) SELECT x, 'item ' || x, x FROM seq`,
    SEED_ROWS,
  );
}

/**
 * The id the i-th operation touches: 1 .. SEED_ROWS, round and round.
 *
 * @example
 * ```ts
 * idFor(0); // 1
 * idFor(1000); // 1
 * ```
 */
export const idFor = (i: number) => (i % SEED_ROWS) + 1;
