import { UserDO } from "@userdo/core";

/** The SELECT both paths of scenario 6 run: 1,000 rows of five columns. */
export const STUDIO_SELECT = "SELECT id, name, email, balance, created_at FROM person ORDER BY id LIMIT 1000";

/**
 * Scenario 6's object: a UserDO (so it answers the studio) with a `person`
 * table of 1,000 rows, and the same SELECT run raw for comparison.
 *
 * @example
 * ```ts
 * const { columns, rows } = await env.STUDIO_ROWS.get(env.STUDIO_ROWS.idFromName("s")).rawSelect();
 * ```
 */
export class StudioRowsDO extends UserDO<unknown> {
  static override migrations = [
    {
      name: "001_person",
      up: `CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, balance INTEGER NOT NULL, created_at INTEGER NOT NULL);
           WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < 1000)
           INSERT INTO person SELECT x, 'person ' || x, 'p' || x || '@example.com', x * 100, 1767225600000 + x FROM seq`,
    },
  ];

  /** The floor: `sql.exec` of the same SELECT, rows as arrays, no checks. */
  rawSelect(): { columns: string[]; rows: SqlStorageValue[][] } {
    const cursor = this.ctx.storage.sql.exec(STUDIO_SELECT);
    const rows = Array.from(cursor.raw());
    return { columns: cursor.columnNames, rows };
  }
}
