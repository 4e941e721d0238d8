import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

export const adjustmentByKey = prepare(qb, (db, p: Param<{ key: string }>) =>
  db.selectFrom("_userdo_billing_adjustments").selectAll().where("key", "=", p("key")),
);

export const insertAdjustment = prepare(
  qb,
  (db, p: Param<{ key: string; amount: number; reason: string; admin: string; at: number; balanceAfter: number }>) =>
    db
      .insertInto("_userdo_billing_adjustments")
      .values({
        key: p("key"),
        amount: p("amount"),
        reason: p("reason"),
        admin: p("admin"),
        at: p("at"),
        balance_after: p("balanceAfter"),
      })
      .returning("id"),
);
