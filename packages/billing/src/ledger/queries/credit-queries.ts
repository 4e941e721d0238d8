import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

export const creditBySource = prepare(qb, (db, p: Param<{ source: string; externalId: string }>) =>
  db
    .selectFrom("_userdo_billing_credits")
    .selectAll()
    .where("source", "=", p("source"))
    .where("external_id", "=", p("externalId")),
);

export const insertCredit = prepare(
  qb,
  (db, p: Param<{ source: string; externalId: string; amount: number; at: number; metadata: string | null }>) =>
    db
      .insertInto("_userdo_billing_credits")
      .values({
        source: p("source"),
        external_id: p("externalId"),
        amount: p("amount"),
        at: p("at"),
        metadata: p("metadata"),
      })
      .returning("id"),
);
