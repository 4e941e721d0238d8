import { type Param, UserDO, prepare, queryBuilder } from "@userdo/core";
import { countStatements } from "./statement-count.js";
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

  /** Statements sent to SQLite by `n` operations of one path (scenario 1 prints them per operation). */
  statements(path: "sync" | "async", op: QueryOp, n: number): Promise<number> {
    this.#seed();
    return countStatements(this.ctx.storage.sql, () => (path === "sync" ? this.runSync(op, n) : this.runAsync(op, n)));
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

  /**
   * One insert, one update and one select through `this.db`, answered as
   * Kysely returns them (scenario 1's test checks them against the table).
   */
  async shapes(name: string) {
    this.#seed();
    const inserted = await this.db.insertInto("item").values({ name, value: 7 }).executeTakeFirstOrThrow();
    const id = Number(inserted.insertId);
    const updated = await this.db
      .updateTable("item")
      .set((eb) => ({ value: eb("value", "+", eb.lit(1)) }))
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const row = await this.db
      .selectFrom("item")
      .select(["id", "name", "value"])
      .where("id", "=", id)
      .executeTakeFirst();
    const stored = this.ctx.storage.sql
      .exec<{ id: number }>("SELECT id FROM item WHERE name = ?", name)
      .toArray()
      .map((r) => r.id);
    return { inserted: { ...inserted }, updated: { ...updated }, row, stored };
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
