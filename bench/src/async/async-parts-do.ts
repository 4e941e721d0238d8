import { UserDO } from "@userdo/core";
import { CREATE_ITEM, type ItemDB, type QueryOp, idFor, seed } from "../query/schema.js";

/** The parts of one `this.db` operation that scenario 8 times separately. */
export const ASYNC_PARTS = [
  "build",
  "shape-key",
  "compile",
  "execute",
  "full",
  "raw-one",
  "raw-two",
  "raw-returning",
] as const;
/** @see ASYNC_PARTS */
export type AsyncPart = (typeof ASYNC_PARTS)[number];

const WRITE_SQL: Record<Exclude<QueryOp, "select">, string> = {
  insert: 'insert into "item" ("name", "value") values (?, ?)',
  update: 'update "item" set "value" = "value" + 1 where "id" = ?',
};

/**
 * Where the time of one `this.db` operation goes: building the query,
 * compiling it, Kysely's executor around the statement, the statement itself,
 * and what reading the counts costs (a second statement against RETURNING).
 * Each part runs N times in one call; the runner subtracts n=0.
 *
 * @example
 * ```ts
 * const sum = await env.ASYNC_PARTS.get(env.ASYNC_PARTS.idFromName("bench")).run("compile", "insert", 1000);
 * ```
 */
export class AsyncPartsDO extends UserDO<unknown, ItemDB> {
  static override migrations = [{ name: "001_item", up: CREATE_ITEM }];

  #seeded = false;

  #builder(op: QueryOp, i: number) {
    const id = idFor(i);
    if (op === "select") return this.db.selectFrom("item").select(["id", "name", "value"]).where("id", "=", id);
    if (op === "insert") return this.db.insertInto("item").values({ name: `new ${i}`, value: i });
    return this.db
      .updateTable("item")
      .set((eb) => ({ value: eb("value", "+", eb.lit(1)) }))
      .where("id", "=", id);
  }

  async run(part: AsyncPart, op: QueryOp, n: number): Promise<number> {
    if (!this.#seeded) seed(this.ctx.storage.sql);
    this.#seeded = true;
    const sql = this.ctx.storage.sql;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (part === "build") sum += this.#builder(op, i).toOperationNode().kind.length > 0 ? 1 : 0;
      // The least a compiled-query cache keyed by the query's shape must do per call: serialize the node tree.
      else if (part === "shape-key") sum += JSON.stringify(this.#builder(op, i).toOperationNode()).length > 0 ? 1 : 0;
      else if (part === "compile") sum += this.#builder(op, i).compile().parameters.length > 0 ? 1 : 0;
      else if (part === "execute") {
        await this.db.executeQuery(this.#builder(op, i).compile());
        sum += 1;
      } else if (part === "full") sum += (await this.#builder(op, i).execute()).length;
      else if (op === "select")
        sum += sql.exec("SELECT id, name, value FROM item WHERE id = ?", idFor(i)).toArray().length;
      else {
        const text = WRITE_SQL[op];
        const args = op === "insert" ? [`new ${i}`, i] : [idFor(i)];
        if (part === "raw-one") sum += sql.exec(text, ...args).rowsWritten > 0 ? 1 : 0;
        else if (part === "raw-two") {
          sql.exec(text, ...args);
          sum += sql.exec<{ c: number; id: number }>("SELECT changes() AS c, last_insert_rowid() AS id").one().c;
        } else {
          let rows = 0;
          for (const _ of sql.exec(`${text}\nRETURNING rowid`, ...args).raw()) rows++;
          sum += rows;
        }
      }
    }
    return sum;
  }
}
