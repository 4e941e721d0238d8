import { type Param, prepare } from "@userdo/core";
import { sql } from "kysely";
import { qb } from "./billing-query-builder.js";

export const readAccount = prepare(qb, (db, _p: Param<{}>) =>
  db.selectFrom("_userdo_billing_account").selectAll().where("id", "=", 1),
);

/** Writes the account row if money never moved yet (migration 003: it is created on first use). */
export const ensureAccount = prepare(qb, (db, _p: Param<{}>) =>
  db
    .insertInto("_userdo_billing_account")
    .values({ id: 1, balance: 0, credited: 0, spent: 0, adjusted: 0, held: 0, credit_limit: null, updated_at: 0 })
    .onConflict((oc) => oc.column("id").doNothing()),
);

/**
 * Moves the amount reserved by holds. The other totals move with the ledger
 * rows, by the triggers of migrations 002 and 003.
 */
export const addHeld = prepare(qb, (db, p: Param<{ held: number; at: number }>) =>
  db
    .updateTable("_userdo_billing_account")
    .set((eb) => ({ held: eb("held", "+", p("held")), updated_at: p("at") }))
    .where("id", "=", 1),
);

export const setCreditLimit = prepare(qb, (db, p: Param<{ limit: number | null; at: number }>) =>
  db
    .updateTable("_userdo_billing_account")
    .set({ credit_limit: p("limit"), updated_at: p("at") })
    .where("id", "=", 1),
);

/** Sums straight from the ledger rows, for audits and tests (scans; never on a hot path). */
export const ledgerSums = prepare(qb, (db, _p: Param<{}>) =>
  db.selectNoFrom([
    sql<number>`(SELECT coalesce(sum(amount), 0) FROM _userdo_billing_credits)`.as("credited"),
    sql<number>`(SELECT coalesce(sum(amount), 0) FROM _userdo_billing_charges)`.as("spent"),
    sql<number>`(SELECT coalesce(sum(amount), 0) FROM _userdo_billing_adjustments)`.as("adjusted"),
    sql<number>`(SELECT coalesce(sum(amount), 0) FROM _userdo_billing_holds WHERE status = 'active')`.as("held"),
    sql<number>`(SELECT count(*) FROM _userdo_billing_charges)`.as("charges"),
    sql<number>`(SELECT coalesce(sum(charges), 0) FROM _userdo_billing_daily)`.as("dailyCharges"),
    sql<number>`(SELECT coalesce(sum(spent), 0) FROM _userdo_billing_daily)`.as("dailySpent"),
  ]),
);
