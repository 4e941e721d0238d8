import { billingPluginWith } from "../billing-plugin.js";
import { type BillingOptions, resolveSettings } from "../settings.js";
import { callerMethods } from "./plugin/caller-methods.js";

/**
 * The billing plugin for an object that also carries `auth()` of
 * `@userdo/auth`: every method of `billing()` from `@userdo/billing`, plus the
 * ones that verify the caller's session or API token and act in the same
 * transaction (`billingChargeAs`, `billingHoldAs`, `billingAccountAs`,
 * `billingUsageAs`, `billingStartPaidAs`), which this entry's Worker helpers
 * (`paid`, `charge`, `billingRoutes`, ...) call. Same name, same tables.
 *
 * @example
 * ```ts
 * import { auth } from "@userdo/auth";
 * import { billing } from "@userdo/billing/auth";
 * import { UserDO, withPlugins } from "@userdo/core";
 * export class UserObject extends withPlugins(UserDO<Env>, auth(), billing()) {}
 * ```
 */
export function billing<Env = any>(options: BillingOptions<Env> = {}) {
  const settings = resolveSettings(options);
  return billingPluginWith(settings, callerMethods(settings));
}

/** The type of the billing plugin with the caller methods, for classes and stubs that carry it. */
export type BillingPlugin = ReturnType<typeof billing>;
