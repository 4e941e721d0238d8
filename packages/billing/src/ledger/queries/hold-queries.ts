import { type Param, prepare } from "@userdo/core";
import { sql } from "kysely";
import { qb } from "./billing-query-builder.js";

export const holdByKey = prepare(qb, (db, p: Param<{ key: string }>) =>
  db.selectFrom("_userdo_billing_holds").selectAll().where("key", "=", p("key")),
);

export const insertHold = prepare(
  qb,
  (
    db,
    p: Param<{
      key: string;
      amount: number;
      source: string | null;
      tokenId: string | null;
      at: number;
      expiresAt: number;
      metadata: string | null;
    }>,
  ) =>
    db
      .insertInto("_userdo_billing_holds")
      .values({
        key: p("key"),
        amount: p("amount"),
        status: "active",
        source: p("source"),
        token_id: p("tokenId"),
        created_at: p("at"),
        expires_at: p("expiresAt"),
        metadata: p("metadata"),
      })
      .returning("id"),
);

export const closeHold = prepare(
  qb,
  (db, p: Param<{ id: number; status: "settled" | "released" | "expired"; at: number; settled: number | null }>) =>
    db
      .updateTable("_userdo_billing_holds")
      .set({ status: p("status"), closed_at: p("at"), settled_amount: p("settled") })
      .where("id", "=", p("id"))
      .where("status", "=", "active"),
);

/** Active holds past their expiry (served by the partial index on active holds; the literal lets SQLite plan once). */
export const dueHolds = prepare(qb, (db, p: Param<{ now: number }>) =>
  db
    .selectFrom("_userdo_billing_holds")
    .select(["id", "amount", "token_id"])
    .where("status", "=", sql.lit("active"))
    .where("expires_at", "<=", p("now")),
);

/** The earliest expiry of an active hold (a literal status, so the partial index serves it). */
export const nextHoldExpiry = prepare(qb, (db, _p: Param<{}>) =>
  db
    .selectFrom("_userdo_billing_holds")
    .select((eb) => eb.fn.min("expires_at").as("at"))
    .where("status", "=", sql.lit("active")),
);
