import { UserDOError } from "@userdo/core";
import { Kysely } from "kysely";
import { D1Dialect } from "kysely-d1";
import { CENTRAL_LEDGER_SCHEMA, type CentralLedgerDB, chargeStatement, isOverdraft } from "./central-ledger.js";

/**
 * Scenario 4's central database: the same ledger in one D1 database, queried
 * through kysely-d1 (the seed's comparison).
 *
 * @example
 * ```ts
 * const ledger = new D1Ledger(env.CENTRAL);
 * await ledger.open("c-", 100, 1_000_000);
 * await ledger.charge("c-1", "k1", 1); // true
 * ```
 */
export class D1Ledger {
  readonly #d1: D1Database;
  readonly #db: Kysely<CentralLedgerDB>;

  constructor(d1: D1Database) {
    this.#d1 = d1;
    this.#db = new Kysely<CentralLedgerDB>({ dialect: new D1Dialect({ database: d1 }) });
  }

  /** Creates the schema if missing (no `wrangler d1 migrations apply` needed) and opens the accounts. */
  async open(prefix: string, users: number, balance: number): Promise<number> {
    for (const statement of CENTRAL_LEDGER_SCHEMA) await this.#d1.prepare(statement).run();
    const rows = Array.from({ length: users }, (_, i) => ({ user: `${prefix}${i}`, balance }));
    let opened = 0;
    // 100 bound parameters per statement: 50 accounts of two values each.
    for (let i = 0; i < rows.length; i += 50) {
      const insert = this.#db
        .insertInto("accounts")
        .values(rows.slice(i, i + 50))
        .onConflict((oc) => oc.column("user").doNothing());
      opened += Number((await insert.executeTakeFirst()).numInsertedOrUpdatedRows ?? 0n);
    }
    return opened;
  }

  /** One charge, one statement: true when charged, false for a replay or an unknown user; 402 on overdraft. */
  async charge(user: string, key: string, amount: number): Promise<boolean> {
    try {
      const inserted = await chargeStatement(this.#db, { user, key, amount, at: Date.now() }).executeTakeFirst();
      return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
    } catch (error) {
      if (isOverdraft(error))
        throw new UserDOError(402, "insufficient_funds", "the balance does not cover this charge");
      throw error;
    }
  }
}
