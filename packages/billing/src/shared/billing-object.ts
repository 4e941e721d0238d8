import type { ObjectNamespace, PluginMethods } from "@userdo/core";
import type { BillingPlugin } from "../billing-plugin.js";

/** Any Durable Object class that carries the billing plugin, as its stubs see it. */
export type BillingObject = Rpc.DurableObjectBranded & PluginMethods<[BillingPlugin]>;

/** The namespace of the app's billing objects (one per paying user, named by the user's id). */
export type BillingNamespace = ObjectNamespace<BillingObject>;

/**
 * Where the Worker finds the billing objects. Every Worker-side helper takes it
 * through options, e.g. `{ users: (env) => env.USERS }`.
 */
export interface UsersOption<Env, Namespace = BillingNamespace> {
  readonly users: (env: Env) => Namespace;
}
