import { type Param, prepare, queryBuilder } from "@userdo/core";
import { sql } from "kysely";
import type { BillingDB } from "./schema.js";

// Compiled once per isolate: a charge runs these at about raw `sql.exec` cost.
const qb = queryBuilder<BillingDB>();

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

export const eventSeen = prepare(qb, (db, p: Param<{ source: string; eventId: string }>) =>
  db
    .selectFrom("_userdo_billing_events")
    .select("kind")
    .where("source", "=", p("source"))
    .where("event_id", "=", p("eventId")),
);

export const insertEvent = prepare(qb, (db, p: Param<{ source: string; eventId: string; kind: string; at: number }>) =>
  db
    .insertInto("_userdo_billing_events")
    .values({ source: p("source"), event_id: p("eventId"), kind: p("kind"), at: p("at") }),
);

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

export const dailySince = prepare(qb, (db, p: Param<{ since: string; limit: number }>) =>
  db
    .selectFrom("_userdo_billing_daily")
    .selectAll()
    .where("day", ">=", p("since"))
    .orderBy("day", "desc")
    .limit(p("limit")),
);

export const chargesBefore = prepare(qb, (db, p: Param<{ before: number; limit: number }>) =>
  db
    .selectFrom("_userdo_billing_charges")
    .select(["id", "key", "amount", "source", "token_id", "hold_id", "at", "balance_after", "metadata"])
    .where("id", "<", p("before"))
    .orderBy("id", "desc")
    .limit(p("limit")),
);

export const meterPeriod = prepare(qb, (db, p: Param<{ period: string }>) =>
  db.selectFrom("_userdo_billing_meter").selectAll().where("period", "=", p("period")),
);

export const addMeter = prepare(qb, (db, p: Param<{ period: string; requests: number; free: number }>) =>
  db
    .insertInto("_userdo_billing_meter")
    .values({ period: p("period"), requests: p("requests"), free_used: p("free") })
    .onConflict((oc) =>
      oc.column("period").doUpdateSet((eb) => ({
        requests: eb("_userdo_billing_meter.requests", "+", eb.ref("excluded.requests")),
        free_used: eb("_userdo_billing_meter.free_used", "+", eb.ref("excluded.free_used")),
      })),
    ),
);

export const sponsorshipById = prepare(qb, (db, p: Param<{ id: string }>) =>
  db.selectFrom("_userdo_billing_sponsorships").selectAll().where("id", "=", p("id")),
);

export const upsertSponsorship = prepare(
  qb,
  (
    db,
    p: Param<{
      id: string;
      tierCents: number;
      oneTime: number;
      status: "active" | "pending_cancellation" | "cancelled";
      createdAt: number;
      at: number;
    }>,
  ) =>
    db
      .insertInto("_userdo_billing_sponsorships")
      .values({
        id: p("id"),
        tier_cents: p("tierCents"),
        one_time: p("oneTime"),
        status: p("status"),
        created_at: p("createdAt"),
        updated_at: p("at"),
      })
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          tier_cents: eb.ref("excluded.tier_cents"),
          one_time: eb.ref("excluded.one_time"),
          status: eb.ref("excluded.status"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      ),
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

export const chargeByHold = prepare(qb, (db, p: Param<{ holdId: number }>) =>
  db.selectFrom("_userdo_billing_charges").selectAll().where("hold_id", "=", p("holdId")),
);

export const sponsorshipStatuses = prepare(qb, (db, _p: Param<{}>) =>
  db.selectFrom("_userdo_billing_sponsorships").select("status"),
);
