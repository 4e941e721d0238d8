import { type PluginMethod, definePlugin } from "@userdo/core";
import { billingMigrations } from "./ledger/schema/billing-migrations.js";
import { type BillingOptions, type BillingSettings, resolveSettings } from "./settings.js";
import { accountMethods } from "./plugin/account-methods.js";
import { billingTasks, taskMethods } from "./plugin/billing-tasks.js";
import { fundingMethods } from "./plugin/funding-methods.js";
import { ledgerMethods } from "./plugin/ledger-methods.js";
import { paidMethods } from "./plugin/paid-methods.js";
import { x402Methods } from "./plugin/x402-methods.js";

/**
 * The billing plugin made for one set of settings, with `extra` methods on top
 * (the `@userdo/billing/auth` entry adds the ones that verify a session or
 * token). One name, one set of tables, whichever entry made it.
 */
export function billingPluginWith<const Extra extends Record<string, PluginMethod>>(
  settings: BillingSettings,
  extra: Extra,
) {
  return definePlugin({
    name: "billing",
    migrations: billingMigrations,
    methods: {
      ...ledgerMethods(settings),
      ...paidMethods(settings),
      ...accountMethods(settings),
      ...fundingMethods,
      ...taskMethods(settings),
      ...x402Methods(settings),
      ...extra,
    },
    tasks: billingTasks(settings),
    // Totals and credits are no secret; charges and stored answers stay in the user's object.
    replicate: [{ table: "_userdo_billing_account" }, { table: "_userdo_billing_sponsorships" }],
  });
}

/**
 * The billing plugin: a ledger in the object it is attached to (tables
 * `_userdo_billing_*`): balance, idempotent charges, holds, credits from
 * funding sources, admin adjustments, daily usage. Attach it to the object
 * that is one per paying user (or account). It needs no login: an app that
 * knows who its user is charges with `paid()` in the Worker or with
 * `this.billingCharge()` inside its own methods. With `@userdo/auth`, import
 * `billing` from `@userdo/billing/auth` instead: the same plugin, plus the
 * methods that verify a session or API token in the same transaction.
 *
 * @example
 * ```ts
 * export class Account extends withPlugins(UserDO<Env>, billing()) {}
 * // or on a Durable Object you already have
 * class MyNotesObject extends DurableObject<Env> {}
 * export class Notes extends withPlugins(MyNotesObject, billing({ workPrices: { rowRead: 1, rowWritten: 10 } })) {}
 * ```
 */
export function billing<Env = any>(options: BillingOptions<Env> = {}) {
  return billingPluginWith(resolveSettings(options), {});
}

/** The type of the billing plugin, for classes and stubs that carry it. */
export type BillingPlugin = ReturnType<typeof billing>;
