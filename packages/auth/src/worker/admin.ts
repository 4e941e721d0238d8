import { resolveGitHubLogin } from "../github/github-api.js";
import { type AuthEnv, readAuthConfig } from "./auth-env.js";

// Per isolate: a login named in ADMIN_OWNER_ID is resolved once, then kept.
// A failed lookup is not kept, so the next request tries again.
const resolved = new Map<string, Promise<string>>();

/** Resolves an `ADMIN_OWNER_ID` value (user id or GitHub login) to a user id; null for none. */
export async function resolveAdminOwner(owner: string | null): Promise<string | null> {
  if (owner === null) return null;
  // An id is used as is; `x-<digits>` is an X user id, never looked up as a GitHub login.
  if (/^(?:x-)?[0-9]+$/.test(owner)) return owner;
  const key = owner.toLowerCase();
  let id = resolved.get(key);
  if (!id) {
    id = resolveGitHubLogin(owner);
    resolved.set(key, id);
    id.catch(() => resolved.delete(key));
  }
  return id;
}

/**
 * The admin's user id, or null when `ADMIN_OWNER_ID` is unset. An id
 * (`583231`, or `x-1849265` for an X account) is used as is; a GitHub login is
 * resolved through GitHub's users API once per isolate and cached. Admin is always compared as an id, never as a
 * login, since logins can be renamed and taken over.
 *
 * @example
 * ```ts
 * const admin = await adminId(env); // "583231"
 * ```
 */
export function adminId(env: AuthEnv): Promise<string | null> {
  return resolveAdminOwner(readAuthConfig(env).adminOwner);
}

/**
 * True when `user` (a user's object name) is the configured admin.
 *
 * @example
 * ```ts
 * if (!(await isAdmin(identity.user, env))) throw new UserDOError(403, "forbidden", "admins only");
 * ```
 */
export async function isAdmin(user: string, env: AuthEnv): Promise<boolean> {
  const admin = await adminId(env);
  return admin !== null && admin === user;
}
