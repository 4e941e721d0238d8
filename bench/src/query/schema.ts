import type { Generated } from "kysely";

/** The table every query-path contender runs against, seeded with SEED_ROWS rows. */
export const SEED_ROWS = 1000;

export const CREATE_ITEM = "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value INTEGER NOT NULL)";

export interface ItemDB {
  item: { id: Generated<number>; name: string; value: number };
}

export type QueryOp = "select" | "insert" | "update";

/** Seeds the table once per object with SEED_ROWS rows, in one statement. */
export function seed(sql: SqlStorage): void {
  sql.exec(CREATE_ITEM);
  sql.exec(
    `WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ?)
     INSERT OR IGNORE INTO item (id, name, value) SELECT x, 'item ' || x, x FROM seq`,
    SEED_ROWS,
  );
}

/** The id the i-th operation touches. */
export const idFor = (i: number) => (i % SEED_ROWS) + 1;
