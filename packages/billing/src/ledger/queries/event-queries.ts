import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

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
