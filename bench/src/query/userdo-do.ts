import { type Param, UserDO, prepare, queryBuilder } from "@userdo/core";
import { CREATE_ITEM, type ItemDB, type QueryOp, idFor, seed } from "./schema.js";

const qb = queryBuilder<ItemDB>();
const byId = prepare(qb, (db, p: Param<{ id: number }>) =>
  db.selectFrom("item").select(["id", "name", "value"]).where("id", "=", p("id")),
);
const insertItem = prepare(qb, (db, p: Param<{ name: string; value: number }>) =>
  db.insertInto("item").values({ name: p("name"), value: p("value") }),
);
const bumpValue = prepare(qb, (db, p: Param<{ id: number }>) =>
  db
    .updateTable("item")
    .set((eb) => ({ value: eb("value", "+", eb.lit(1)) }))
    .where("id", "=", p("id")),
);

/**
 * userdo: the prepared sync path and the async Kysely path on the same object.
 *
 * @example
 * ```ts
 * const sum = await env.USERDO.get(env.USERDO.idFromName("bench")).runSync("select", 1000);
 * ```
 */
export class UserdoQueryDO extends UserDO<unknown, ItemDB> {
  static override migrations = [{ name: "001_item", up: CREATE_ITEM }];

  #seeded = false;

  // After the migrations (which run at wake) have created the table.
  #seed(): void {
    if (!this.#seeded) seed(this.ctx.storage.sql);
    this.#seeded = true;
  }

  runSync(op: QueryOp, n: number): number {
    this.#seed();
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const id = idFor(i);
      if (op === "select") sum += this.sync.first(byId, { id })!.value;
      else if (op === "insert") sum += this.sync.run(insertItem, { name: `new ${i}`, value: i }).rowsWritten;
      else sum += this.sync.run(bumpValue, { id }).rowsWritten;
    }
    return sum;
  }

  async runAsync(op: QueryOp, n: number): Promise<number> {
    this.#seed();
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const id = idFor(i);
      if (op === "select")
        sum += (
          await this.db
            .selectFrom("item")
            .select(["id", "name", "value"])
            .where("id", "=", id)
            .executeTakeFirstOrThrow()
        ).value;
      else if (op === "insert")
        sum += Number(
          (
            await this.db
              .insertInto("item")
              .values({ name: `new ${i}`, value: i })
              .executeTakeFirst()
          ).numInsertedOrUpdatedRows,
        );
      else
        sum += Number(
          (
            await this.db
              .updateTable("item")
              .set((eb) => ({ value: eb("value", "+", eb.lit(1)) }))
              .where("id", "=", id)
              .executeTakeFirst()
          ).numUpdatedRows,
        );
    }
    return sum;
  }
}
