import { queryBuilder } from "@userdo/core";
import type { BillingDB } from "../schema/billing-db.js";

/** The billing tables' query builder. Its statements are compiled once per isolate: a charge runs them at about raw `sql.exec` cost. */
export const qb = queryBuilder<BillingDB>();
