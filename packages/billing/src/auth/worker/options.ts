import type { ObjectNamespace, PluginMethods } from "@userdo/core";
import { type UsersFrom as NamespaceFrom, usersNamespace } from "../../worker/users.js";
import type { BillingPlugin } from "../billing-plugin.js";

/** A Durable Object class with `billing()` of `@userdo/billing/auth`, as its stubs see it. */
export type BillingObject = Rpc.DurableObjectBranded & PluginMethods<[BillingPlugin]>;

/** The namespace of the app's user objects (auth and billing in each, named by the user's id). */
export type BillingNamespace = ObjectNamespace<BillingObject>;

/** Where the Worker finds the user objects: `{ users: (env) => env.USERS }`. */
export interface UsersOption<Env> {
  readonly users: (env: Env) => BillingNamespace;
}

/** `users` is optional when the env has a `USERS` binding of such a class, required otherwise. */
export type UsersFrom<Env> = NamespaceFrom<Env, BillingNamespace>;

/** The user objects' namespace: the `users` option, else `env.USERS`. */
export function callerNamespace<Env>(env: Env, users: ((env: Env) => BillingNamespace) | undefined): BillingNamespace {
  return usersNamespace<Env, BillingNamespace>(env, users);
}
