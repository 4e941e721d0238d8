import { UserDOError, jsonResponse } from "@userdo/core";
import type { Credential } from "../credential/credential.js";
import type { Identity } from "../credential/identity.js";
import type { WhoAmI } from "../shared/who-am-i.js";
import type { Profile } from "../shared/profile.js";
import type { AuthRequest } from "./auth-options.js";
import { readCredential } from "./read-credential.js";

/**
 * What `GET /me` answers: the caller's identity, stored profile, and whether
 * they are the admin (by id).
 *
 * @example
 * ```json
 * { "user": "583231", "via": "session", "tokenId": null, "scopes": ["*"], "budget": null, "admin": false, "profile": { "login": "octocat" } }
 * ```
 */
export interface MeAnswer extends Identity {
  readonly admin: boolean;
  readonly profile: Profile | null;
}

/** The request's credential, or 401 when none is presented. The user's object verifies it. */
export async function presentedCredential(req: AuthRequest): Promise<Credential> {
  const credential = await readCredential(req.request, {
    cookieDomain: req.config.cookieDomain,
    signing: req.config.signing,
  });
  if (credential === null)
    throw new UserDOError(401, "unauthenticated", "log in, or send a token as Bearer or as the basic auth password");
  return credential;
}

/** Verifies the request's credential in its user's object (one call) or throws 401. */
export async function authenticate(req: AuthRequest): Promise<{ credential: Credential; who: WhoAmI }> {
  const credential = await presentedCredential(req);
  const who = await req.user(credential.user).authWhoAmI(credential);
  if (who === null) throw new UserDOError(401, "unauthenticated", "the session or token is not valid");
  return { credential, who };
}

/** `GET /me`: who is calling, with one object call; admin is `ADMIN_OWNER_ID` compared as an id. */
export async function me(req: AuthRequest): Promise<Response> {
  const { who } = await authenticate(req);
  const admin = req.config.adminOwner;
  const answer: MeAnswer = {
    ...who.identity,
    admin: admin !== null && admin === who.identity.user,
    profile: who.profile,
  };
  return jsonResponse(200, answer);
}
