import { DurableObject } from "cloudflare:workers";
import { Kysely } from "kysely";
import { DODialect } from "kysely-do";
import { countStatements } from "./statement-count.js";
import { type ItemDB, type QueryOp, idFor, seed } from "./schema.js";

/**
 * Peer: kysely-do, the published Kysely dialect for Durable Objects.
 *
 * @example
 * ```ts
 * const sum = await env.KYSELY_DO.get(env.KYSELY_DO.idFromName("bench")).run("select", 1000);
 * ```
 */
export class KyselyDoQueryDO extends DurableObject<unknown> {
  readonly #db: Kysely<ItemDB>;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    seed(ctx.storage.sql);
    this.#db = new Kysely<ItemDB>({ dialect: new DODialect({ ctx }) });
  }

  /** Statements sent to SQLite by `n` operations (scenario 1 prints them per operation). */
  statements(op: QueryOp, n: number): Promise<number> {
    return countStatements(this.ctx.storage.sql, () => this.run(op, n));
  }

  /** The same as UserdoQueryDO.shapes, through kysely-do (its counts come from the cursor's rowsWritten). */
  async shapes(name: string) {
    const inserted = await this.#db.insertInto("item").values({ name, value: 7 }).executeTakeFirstOrThrow();
    const stored = this.ctx.storage.sql
      .exec<{ id: number }>("SELECT id FROM item WHERE name = ?", name)
      .toArray()
      .map((r) => r.id);
    const updated = await this.#db
      .updateTable("item")
      .set((eb) => ({ value: eb("value", "+", eb.lit(1)) }))
      .where("id", "=", stored[0]!)
      .executeTakeFirstOrThrow();
    const row = await this.#db
      .selectFrom("item")
      .select(["id", "name", "value"])
      .where("id", "=", stored[0]!)
      .executeTakeFirst();
    return { inserted: { ...inserted }, updated: { ...updated }, row, stored };
  }

  async run(op: QueryOp, n: number): Promise<number> {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const id = idFor(i);
      if (op === "select")
        sum += (
          await this.#db
            .selectFrom("item")
            .select(["id", "name", "value"])
            .where("id", "=", id)
            .executeTakeFirstOrThrow()
        ).value;
      else if (op === "insert") {
        await this.#db
          .insertInto("item")
          .values({ name: `new ${i}`, value: i })
          .execute();
        sum += 1;
      } else {
        await this.#db
          .updateTable("item")
          .set((eb) => ({ value: eb("value", "+", eb.lit(1)) }))
          .where("id", "=", id)
          .execute();
        sum += 1;
      }
    }
    return sum;
  }
}
