import { type Param, prepare } from "@userdo/core";
import { sql } from "kysely";
import { qb } from "./billing-query-builder.js";

// The paid-work table's statements.

export const paidByKey = prepare(qb, (db, p: Param<{ key: string }>) =>
  db.selectFrom("_userdo_billing_paid").selectAll().where("key", "=", p("key")),
);

export const paidByAttempt = prepare(qb, (db, p: Param<{ attempt: string }>) =>
  db.selectFrom("_userdo_billing_paid").selectAll().where("attempt", "=", p("attempt")),
);

export const insertPaid = prepare(
  qb,
  (db, p: Param<{ key: string; fingerprint: string; attempt: string; at: number }>) =>
    db.insertInto("_userdo_billing_paid").values({
      key: p("key"),
      fingerprint: p("fingerprint"),
      attempt: p("attempt"),
      status: "running",
      started_at: p("at"),
    }),
);

export const deletePaid = prepare(qb, (db, p: Param<{ id: number }>) =>
  db.deleteFrom("_userdo_billing_paid").where("id", "=", p("id")),
);

/** Keeps the answer of a running attempt and marks it done. */
export const storeAnswer = prepare(
  qb,
  (
    db,
    p: Param<{
      id: number;
      at: number;
      chargeId: number | null;
      status: number;
      type: string | null;
      location: string | null;
      size: number;
      body: ArrayBuffer | null;
    }>,
  ) =>
    db
      .updateTable("_userdo_billing_paid")
      .set({
        status: "done",
        finished_at: p("at"),
        charge_id: p("chargeId"),
        answer_status: p("status"),
        answer_type: p("type"),
        answer_location: p("location"),
        answer_size: p("size"),
        answer_body: p("body"),
      })
      .where("id", "=", p("id"))
      .where("status", "=", "running"),
);

/** Forgets a few answers older than the replay window (served by the partial index on done rows). */
export const pruneAnswers = prepare(qb, (db, p: Param<{ before: number; limit: number }>) =>
  db
    .deleteFrom("_userdo_billing_paid")
    .where("id", "in", (eb) =>
      eb
        .selectFrom("_userdo_billing_paid")
        .select("id")
        .where("status", "=", sql.lit("done"))
        .where("finished_at", "<", p("before"))
        .limit(p("limit")),
    ),
);
