import { UserDOError } from "@userdo/core";
import type { BillingNamespace } from "./options.js";

/**
 * `users` is optional when the env has a `USERS` binding of a class with the
 * billing plugin, required otherwise.
 */
export type UsersFrom<Env> = Env extends { readonly USERS: BillingNamespace }
  ? { readonly users?: (env: Env) => BillingNamespace }
  : { readonly users: (env: Env) => BillingNamespace };

/** The user objects' namespace: the `users` option, else `env.USERS`. */
export function usersNamespace<Env>(env: Env, users: ((env: Env) => BillingNamespace) | undefined): BillingNamespace {
  const namespace = users ? users(env) : (env as { USERS?: BillingNamespace } | undefined)?.USERS;
  if (!namespace)
    throw new UserDOError(500, "billing_users_missing", "pass { users: (env) => env.USERS } to reach the user objects");
  return namespace;
}
