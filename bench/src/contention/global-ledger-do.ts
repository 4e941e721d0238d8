import { type Param, UserDO, UserDOError, prepare, queryBuilder } from "@userdo/core";
import { CENTRAL_LEDGER_SCHEMA, type CentralLedgerDB, chargeStatement, isOverdraft } from "./central-ledger.js";

const qb = queryBuilder<CentralLedgerDB>();
const chargeOnce = prepare(qb, (db, p: Param<{ user: string; key: string; amount: number; at: number }>) =>
  chargeStatement(db, { user: p("user"), key: p("key"), amount: p("amount"), at: p("at") }),
);
const openAccount = prepare(qb, (db, p: Param<{ user: string; balance: number }>) =>
  db
    .insertInto("accounts")
    .values({ user: p("user"), balance: p("balance") })
    .onConflict((oc) => oc.column("user").doNothing()),
);

/**
 * Scenario 4's central object: ONE Durable Object holding every user's
 * balance, the design per-user objects replace. Same charge statement as the
 * D1 contender, run on the prepared sync path.
 *
 * @example
 * ```ts
 * const charged = await env.GLOBAL_LEDGER.get(env.GLOBAL_LEDGER.idFromName("global")).charge("u1", "k1", 1);
 * ```
 */
export class GlobalLedgerDO extends UserDO<unknown, CentralLedgerDB> {
  static override migrations = [{ name: "001_central_ledger", up: CENTRAL_LEDGER_SCHEMA.join(";\n") }];

  /** Opens `users` accounts `<prefix><i>` with `balance` each (existing ones are kept). */
  open(prefix: string, users: number, balance: number): number {
    return this.transactionSync(() => {
      let opened = 0;
      for (let i = 0; i < users; i++)
        opened += this.sync.run(openAccount, { user: `${prefix}${i}`, balance }).rowsWritten > 0 ? 1 : 0;
      return opened;
    });
  }

  /** One charge: true when charged, false for a replayed key or an unknown user; 402 on overdraft. */
  charge(user: string, key: string, amount: number): boolean {
    try {
      return this.sync.run(chargeOnce, { user, key, amount, at: Date.now() }).rowsWritten > 0;
    } catch (error) {
      if (isOverdraft(error))
        throw new UserDOError(402, "insufficient_funds", "the balance does not cover this charge");
      throw error;
    }
  }
}
