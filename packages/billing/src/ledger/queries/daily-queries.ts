import { type Param, prepare } from "@userdo/core";
import { qb } from "./billing-query-builder.js";

export const dailySince = prepare(qb, (db, p: Param<{ since: string; limit: number }>) =>
  db
    .selectFrom("_userdo_billing_daily")
    .selectAll()
    .where("day", ">=", p("since"))
    .orderBy("day", "desc")
    .limit(p("limit")),
);
