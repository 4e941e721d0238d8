import { UserDOError } from "@userdo/core";
import type { BillingNamespace } from "../shared/billing-object.js";

/**
 * `users` is optional when the env has a `USERS` binding of a class with the
 * billing plugin, required otherwise.
 */
export type UsersFrom<Env, Namespace = BillingNamespace> = Env extends { readonly USERS: Namespace }
  ? { readonly users?: (env: Env) => Namespace }
  : { readonly users: (env: Env) => Namespace };

/** The billing objects' namespace: the `users` option, else `env.USERS`. */
export function usersNamespace<Env, Namespace = BillingNamespace>(
  env: Env,
  users: ((env: Env) => Namespace) | undefined,
): Namespace {
  const namespace = users ? users(env) : (env as { USERS?: Namespace } | undefined)?.USERS;
  if (!namespace)
    throw new UserDOError(500, "billing_users_missing", "pass { users: (env) => env.USERS } to reach the user objects");
  return namespace;
}
