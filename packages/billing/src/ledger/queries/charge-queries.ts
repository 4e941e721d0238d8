import { type Param, prepare } from "@userdo/core";
import { sql } from "kysely";
import { qb } from "./billing-query-builder.js";

export const chargeByKey = prepare(qb, (db, p: Param<{ key: string }>) =>
  db.selectFrom("_userdo_billing_charges").selectAll().where("key", "=", p("key")),
);

export const insertCharge = prepare(
  qb,
  (
    db,
    p: Param<{
      key: string | null;
      amount: number;
      source: string | null;
      tokenId: string | null;
      holdId: number | null;
      at: number;
      balanceAfter: number;
      metadata: string | null;
    }>,
  ) =>
    db
      .insertInto("_userdo_billing_charges")
      .values({
        key: p("key"),
        amount: p("amount"),
        source: p("source"),
        token_id: p("tokenId"),
        hold_id: p("holdId"),
        at: p("at"),
        balance_after: p("balanceAfter"),
        metadata: p("metadata"),
      })
      .returning("id"),
);

/**
 * A charge in one statement: the ledger row is written only when its key is
 * new (a null key is never a conflict) and the account covers the amount (balance - held + credit limit, the
 * user's or `defaultLimit`), with the balance after it; the triggers of
 * migration 002 move the totals, the day and the token's spend. No row back
 * means a replay, a refusal, or a due hold to expire first: the caller looks.
 */
export const insertChargeIfCovered = prepare(
  qb,
  (
    db,
    p: Param<{
      key: string | null;
      amount: number;
      source: string | null;
      tokenId: string | null;
      at: number;
      metadata: string | null;
      defaultLimit: number;
    }>,
  ) =>
    db
      .insertInto("_userdo_billing_charges")
      .columns(["key", "amount", "source", "token_id", "hold_id", "at", "balance_after", "metadata"])
      .expression((eb) =>
        eb
          .selectFrom("_userdo_billing_account")
          .select((s) => [
            s.val(p("key")).as("key"),
            s.val(p("amount")).as("amount"),
            s.val(p("source")).as("source"),
            s.val(p("tokenId")).as("token_id"),
            sql.lit(null).as("hold_id"),
            s.val(p("at")).as("at"),
            s("balance", "-", p("amount")).as("balance_after"),
            s.val(p("metadata")).as("metadata"),
          ])
          .where("id", "=", 1)
          .where((w) =>
            w(
              w(w("balance", "-", w.ref("held")), "+", w.fn.coalesce("credit_limit", w.val(p("defaultLimit")))),
              ">=",
              p("amount"),
            ),
          ),
      )
      .onConflict((oc) => oc.column("key").doNothing())
      .returning(["id", "balance_after"]),
);

export const chargesBefore = prepare(qb, (db, p: Param<{ before: number; limit: number }>) =>
  db
    .selectFrom("_userdo_billing_charges")
    .select(["id", "key", "amount", "source", "token_id", "hold_id", "at", "balance_after", "metadata"])
    .where("id", "<", p("before"))
    .orderBy("id", "desc")
    .limit(p("limit")),
);

export const chargeByHold = prepare(qb, (db, p: Param<{ holdId: number }>) =>
  db.selectFrom("_userdo_billing_charges").selectAll().where("hold_id", "=", p("holdId")),
);
