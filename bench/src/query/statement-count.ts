/**
 * Counts the statements `run` sends to SQLite through `sql` (each
 * `sql.exec` call), by wrapping the object's `exec` for the duration.
 * Scenario 1 divides by the operations run: statements per operation.
 *
 * @example
 * ```ts
 * const statements = await countStatements(this.ctx.storage.sql, () => this.run("insert", 10)); // 10 for raw
 * ```
 */
export async function countStatements(sql: SqlStorage, run: () => unknown): Promise<number> {
  const exec = sql.exec;
  let count = 0;
  sql.exec = ((...args: Parameters<SqlStorage["exec"]>) => {
    count++;
    return exec.apply(sql, args);
  }) as SqlStorage["exec"];
  try {
    await run();
  } finally {
    sql.exec = exec;
  }
  return count;
}
