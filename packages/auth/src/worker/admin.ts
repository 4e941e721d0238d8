import { type AuthEnv, readAuthConfig } from "./auth-env.js";

/**
 * The admin's user id from `ADMIN_OWNER_ID`, or null when it is unset: a
 * GitHub numeric id (`583231`) or `x-<id>` for an X account. Only stable ids
 * are accepted (a login is refused when the config is read), since a login
 * can be renamed and then registered by someone else.
 *
 * @example
 * ```ts
 * const admin = adminId(env); // "583231"
 * ```
 */
export function adminId(env: AuthEnv): string | null {
  return readAuthConfig(env).adminOwner;
}

/**
 * True when `user` (a user's object name) is the configured admin, compared
 * as ids.
 *
 * @example
 * ```ts
 * declare const identity: Identity;
 * if (!isAdmin(identity.user, env)) throw new UserDOError(403, "forbidden", "admins only");
 * ```
 */
export function isAdmin(user: string, env: AuthEnv): boolean {
  const admin = adminId(env);
  return admin !== null && admin === user;
}
