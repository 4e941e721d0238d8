import { DurableObject } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { countStatements } from "./statement-count.js";
import { type QueryOp, idFor, seed } from "./schema.js";

const item = sqliteTable("item", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  value: integer("value").notNull(),
});

/**
 * Peer: drizzle-orm's durable-sqlite driver with prepared statements.
 *
 * @example
 * ```ts
 * const sum = await env.DRIZZLE.get(env.DRIZZLE.idFromName("bench")).run("select", 1000);
 * ```
 */
export class DrizzleQueryDO extends DurableObject<unknown> {
  readonly #select;
  readonly #insert;
  readonly #update;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    seed(ctx.storage.sql);
    const db = drizzle(ctx.storage);
    this.#select = db
      .select()
      .from(item)
      .where(eq(item.id, sql.placeholder("id")))
      .prepare();
    this.#insert = db
      .insert(item)
      .values({ name: sql.placeholder("name"), value: sql.placeholder("value") })
      .prepare();
    this.#update = db
      .update(item)
      .set({ value: sql`${item.value} + 1` })
      .where(eq(item.id, sql.placeholder("id")))
      .prepare();
  }

  /** Statements sent to SQLite by `n` operations (scenario 1 prints them per operation). */
  statements(op: QueryOp, n: number): Promise<number> {
    return countStatements(this.ctx.storage.sql, () => this.run(op, n));
  }

  run(op: QueryOp, n: number): number {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const id = idFor(i);
      if (op === "select") sum += this.#select.get({ id })!.value;
      else if (op === "insert") {
        this.#insert.run({ name: `new ${i}`, value: i });
        sum += 1;
      } else {
        this.#update.run({ id });
        sum += 1;
      }
    }
    return sum;
  }
}
