import { definePlugin } from "@userdo/core";
import { billingMigrations } from "../ledger/schema.js";
import { type BillingOptions, resolveSettings } from "../settings.js";
import { billingTasks, taskMethods } from "./billing-tasks.js";
import { fundingMethods } from "./funding-methods.js";
import { ledgerMethods } from "./ledger-methods.js";

/**
 * The billing plugin: a ledger in each user's object (tables
 * `_userdo_billing_*`): balance, idempotent charges, holds, credits from
 * funding sources, admin adjustments, daily usage and per-token spend. Its RPC
 * methods verify the caller's credential (from `@userdo/auth`) and charge in
 * ONE synchronous transaction, so a paid request is one object call.
 *
 * @example
 * ```ts
 * export class UserObject extends withPlugins(UserDO<Env, DB>, auth(), billing()) {}
 * // or on a Durable Object you already have
 * export class Notes extends withPlugins(MyNotesObject, auth(), billing({ workPrices: { rowRead: 1, rowWritten: 10 } })) {}
 * ```
 */
export function billing<Env = any>(options: BillingOptions<Env> = {}) {
  const settings = resolveSettings(options);
  return definePlugin({
    name: "billing",
    migrations: billingMigrations,
    methods: { ...ledgerMethods(settings), ...fundingMethods, ...taskMethods(settings) },
    tasks: billingTasks(settings),
    // Totals and credits are no secret; charges stay in the user's object.
    replicate: [{ table: "_userdo_billing_account" }, { table: "_userdo_billing_sponsorships" }],
  });
}

/** The type of the billing plugin, for classes and stubs that carry it. */
export type BillingPlugin = ReturnType<typeof billing>;
