import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

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

export const sponsorshipStatuses = prepare(qb, (db, _p: Param<{}>) =>
  db.selectFrom("_userdo_billing_sponsorships").select("status"),
);
