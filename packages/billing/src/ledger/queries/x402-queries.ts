import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

// The x402 payments' statements.

export const x402PaymentById = prepare(qb, (db, p: Param<{ id: string }>) =>
  db.selectFrom("_userdo_billing_x402").selectAll().where("id", "=", p("id")),
);

export const insertX402Payment = prepare(
  qb,
  (db, p: Param<{ id: string; amount: number; atomic: string; network: string; resource: string; at: number }>) =>
    db.insertInto("_userdo_billing_x402").values({
      id: p("id"),
      status: "settling",
      amount: p("amount"),
      atomic: p("atomic"),
      network: p("network"),
      resource: p("resource"),
      started_at: p("at"),
    }),
);

export const markX402Settled = prepare(
  qb,
  (db, p: Param<{ id: string; transaction: string; creditId: number; at: number }>) =>
    db
      .updateTable("_userdo_billing_x402")
      .set({ status: "settled", transaction_hash: p("transaction"), credit_id: p("creditId"), finished_at: p("at") })
      .where("id", "=", p("id"))
      .where("status", "=", "settling"),
);

export const markX402Unsettled = prepare(
  qb,
  (db, p: Param<{ id: string; status: "failed" | "unknown"; reason: string; at: number }>) =>
    db
      .updateTable("_userdo_billing_x402")
      .set({ status: p("status"), reason: p("reason"), finished_at: p("at") })
      .where("id", "=", p("id"))
      .where("status", "=", "settling"),
);

export const x402PaymentsPage = prepare(qb, (db, p: Param<{ limit: number }>) =>
  db.selectFrom("_userdo_billing_x402").selectAll().orderBy("started_at", "desc").orderBy("id").limit(p("limit")),
);

export const insertX402Key = prepare(qb, (db, p: Param<{ hash: string; payment: string; at: number }>) =>
  db.insertInto("_userdo_billing_x402_keys").values({ hash: p("hash"), payment: p("payment"), created_at: p("at") }),
);

export const x402KeyByHash = prepare(qb, (db, p: Param<{ hash: string }>) =>
  db.selectFrom("_userdo_billing_x402_keys").select("hash").where("hash", "=", p("hash")),
);
