import { UserDOError, userStub } from "@userdo/core";
import type { Credential } from "../credential/credential.js";
import { type Identity, hasScope } from "../credential/identity.js";
import type { Profile } from "../shared/profile.js";
import type { AuthEnv } from "./auth-env.js";
import type { AuthOptions } from "./auth-options.js";
import { readCredential } from "./read-credential.js";

/**
 * The authenticated caller: who, how, with which scopes and budget, and the
 * stored profile.
 *
 * @example
 * ```ts
 * const user = await getUser(request, env, { users: (env) => env.USERS });
 * if (user) console.log(user.user, user.profile?.login, user.scopes);
 * ```
 */
export interface AuthUser extends Identity {
  readonly profile: Profile | null;
}

/** What {@link getUser} needs: the namespace of the user objects. */
export type GetUserOptions<Env> = Pick<AuthOptions<Env>, "users">;

/** Verifies a credential in its user's object: one call. Null when it is not valid. */
export async function whoIs<Env>(
  credential: Credential,
  env: Env,
  options: GetUserOptions<Env>,
): Promise<AuthUser | null> {
  const who = await userStub(options.users(env), credential.user).authWhoAmI(credential);
  return who ? { ...who.identity, profile: who.profile } : null;
}

/**
 * The authenticated user or null, with one object call: the credential
 * (cookie, Bearer token or Basic auth) names the user's object, which checks
 * it and answers the profile in the same call. Null when nothing is presented
 * or what is presented is not valid (forged, expired, revoked); a malformed
 * value throws a 401 `UserDOError`.
 *
 * @example
 * ```ts
 * const user = await getUser(request, env, { users: (env) => env.USERS });
 * return user ? new Response(`hello ${user.profile?.login}`) : Response.redirect(new URL("/oauth/login", request.url).href);
 * ```
 */
export async function getUser<Env extends AuthEnv>(
  request: Request,
  env: Env,
  options: GetUserOptions<Env>,
): Promise<AuthUser | null> {
  const credential = await readCredential(request, { env });
  return credential ? whoIs(credential, env, options) : null;
}

/**
 * Like {@link getUser}, but a missing or invalid credential is a 401, and a
 * token without `scope` is a 403.
 *
 * @example
 * ```ts
 * const user = await requireUser(request, env, { users: (env) => env.USERS, scope: "todo:write" });
 * ```
 */
export async function requireUser<Env extends AuthEnv>(
  request: Request,
  env: Env,
  options: GetUserOptions<Env> & { readonly scope?: string },
): Promise<AuthUser> {
  const user = await getUser(request, env, options);
  if (!user)
    throw new UserDOError(401, "unauthenticated", "log in, or send a token as Bearer or as the basic auth password");
  if (options.scope !== undefined && !hasScope(user, options.scope)) {
    throw new UserDOError(403, "missing_scope", `this token lacks the "${options.scope}" scope`);
  }
  return user;
}
