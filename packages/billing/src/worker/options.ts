import type { ObjectNamespace, PluginMethods } from "@userdo/core";
import type { BillingPlugin } from "../plugin/billing-plugin.js";

/** Any Durable Object class that carries the billing plugin, as its stubs see it. */
export type BillingObject = Rpc.DurableObjectBranded & PluginMethods<[BillingPlugin]>;

/** The namespace of the app's user objects (one per user, named by the GitHub numeric id). */
export type BillingNamespace = ObjectNamespace<BillingObject>;

/**
 * Where the Worker finds the user objects. Every Worker-side helper takes it
 * through options, e.g. `{ users: (env) => env.USERS }`.
 */
export interface UsersOption<Env> {
  readonly users: (env: Env) => BillingNamespace;
}
