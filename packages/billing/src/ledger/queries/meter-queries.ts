import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

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
