import { DurableObject } from "cloudflare:workers";
import { Kysely } from "kysely";
import { DODialect } from "kysely-do";
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
