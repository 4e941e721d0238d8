import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

export const tokenSpend = prepare(qb, (db, p: Param<{ tokenId: string }>) =>
  db.selectFrom("_userdo_billing_token_spend").selectAll().where("token_id", "=", p("tokenId")),
);

/** Moves the amount one token has reserved by holds (its spend moves with its charges, by trigger). */
export const addTokenHeld = prepare(qb, (db, p: Param<{ tokenId: string; held: number; at: number }>) =>
  db
    .insertInto("_userdo_billing_token_spend")
    .values({ token_id: p("tokenId"), spent: 0, held: p("held"), charges: 0, last_at: p("at") })
    .onConflict((oc) =>
      oc.column("token_id").doUpdateSet((eb) => ({
        held: eb("_userdo_billing_token_spend.held", "+", eb.ref("excluded.held")),
        last_at: eb.ref("excluded.last_at"),
      })),
    ),
);
