import { DurableObject } from "cloudflare:workers";
import { countStatements } from "./statement-count.js";
import { type QueryOp, idFor, seed } from "./schema.js";

/**
 * The floor: `ctx.storage.sql.exec` with hand-written SQL.
 *
 * @example
 * ```ts
 * const sum = await env.RAW.get(env.RAW.idFromName("bench")).run("select", 1000);
 * ```
 */
export class RawQueryDO extends DurableObject<unknown> {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    seed(ctx.storage.sql);
  }

  /** Statements sent to SQLite by `n` operations (scenario 1 prints them per operation). */
  statements(op: QueryOp, n: number): Promise<number> {
    return countStatements(this.ctx.storage.sql, () => this.run(op, n));
  }

  run(op: QueryOp, n: number): number {
    const sql = this.ctx.storage.sql;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const id = idFor(i);
      if (op === "select")
        sum += sql.exec("SELECT id, name, value FROM item WHERE id = ?", id).toArray()[0]!.value as number;
      else if (op === "insert")
        sum += sql.exec("INSERT INTO item (name, value) VALUES (?, ?)", `new ${i}`, i).rowsWritten;
      else sum += sql.exec("UPDATE item SET value = value + 1 WHERE id = ?", id).rowsWritten;
    }
    return sum;
  }
}
