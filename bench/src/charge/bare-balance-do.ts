import { DurableObject } from "cloudflare:workers";

/**
 * The baseline of a charge: a bare DurableObject whose "charge" is one
 * single-row `UPDATE` of a balance, without a key, a check or a ledger row.
 *
 * @example
 * ```ts
 * await env.BARE_BALANCE.get(env.BARE_BALANCE.idFromName("u1")).debit(1);
 * ```
 */
export class BareBalanceDO extends DurableObject<unknown> {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS balance (id INTEGER PRIMARY KEY, units INTEGER NOT NULL)");
    ctx.storage.sql.exec("INSERT OR IGNORE INTO balance (id, units) VALUES (1, 1000000000)");
  }

  /** One debit: the RPC a Worker would make per request. */
  debit(amount: number): number {
    return this.ctx.storage.sql.exec("UPDATE balance SET units = units - ? WHERE id = 1", amount).rowsWritten;
  }

  /** The balance: a read, nothing to commit (the per-call baseline without a write; scenario 7's request). */
  balance(): number {
    return this.ctx.storage.sql.exec<{ units: number }>("SELECT units FROM balance WHERE id = 1").one().units;
  }

  /** `n` debits inside this one call. */
  debitMany(n: number): number {
    const sql = this.ctx.storage.sql;
    let written = 0;
    for (let i = 0; i < n; i++) written += sql.exec("UPDATE balance SET units = units - ? WHERE id = 1", 1).rowsWritten;
    return written;
  }

  /**
   * `n` debits that answer the new balance (`RETURNING`), as a charge must:
   * the floor of any write that tells its caller a value back.
   */
  debitManyReturning(n: number): number {
    const sql = this.ctx.storage.sql;
    let answered = 0;
    for (let i = 0; i < n; i++)
      if (
        sql.exec<{ units: number }>("UPDATE balance SET units = units - ? WHERE id = 1 RETURNING units", 1).one()
          .units >= 0
      )
        answered++;
    return answered;
  }
}
