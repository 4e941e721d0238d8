import { type PluginContext, UserDOError, fieldError, parseInput } from "@userdo/core";
import * as v from "valibot";
import type { Credential } from "../credential/credential.js";
import { isUserId } from "../credential/user-id.js";
import { type Identity, hasScope } from "../credential/identity.js";
import type { ProfileInput } from "../shared/profile.js";
import type { NewToken, TokenInfo } from "../shared/token-info.js";
import type { WhoAmI } from "../shared/who-am-i.js";
import { readProfile, writeProfile } from "./profile.js";
import {
  type NewSession,
  type SessionInfo,
  createSession,
  deleteSessionByHash,
  listSessions,
  revokeSession,
} from "./sessions.js";
import { createToken, listTokens, revokeToken } from "./tokens.js";
import { StateHash, assertNewSession, assertNewToken } from "./sign-in-input.js";
import { consumeState } from "./used-states.js";
import { verifyCredential } from "./verify-credential.js";

/** The scope a token needs to list and revoke its user's sessions and tokens. */
export const MANAGE_SCOPE = "auth";

/**
 * A verified login, as the Worker hands it to the user's object: the
 * provider's profile, and either a new session (browser) or a new token
 * (programmatic login). Stored in one transaction.
 */
export interface SignIn {
  readonly profile: ProfileInput;
  /** The provider's access token sealed with the app's secret, or null to keep none. */
  readonly providerToken: string | null;
  /** SHA-256 of the OAuth state, to refuse a replay; null for a token exchange or dev login. */
  readonly stateHash: string | null;
  readonly session?: NewSession;
  readonly token?: NewToken;
}

function unauthenticated(): UserDOError {
  return new UserDOError(401, "unauthenticated", "the session or token is not valid");
}

/**
 * Verifies `credential` in this object or throws a 401 `UserDOError`.
 *
 * @example
 * ```ts
 * const identity = requireIdentity(this, credential); // inside a plugin method
 * ```
 */
export function requireIdentity(ctx: PluginContext, credential: Credential): Identity {
  const identity = verifyCredential(ctx, credential);
  if (!identity) throw unauthenticated();
  return identity;
}

function requireManager(ctx: PluginContext, credential: Credential): Identity {
  const identity = requireIdentity(ctx, credential);
  if (!hasScope(identity, MANAGE_SCOPE)) {
    throw new UserDOError(403, "missing_scope", `this token lacks the "${MANAGE_SCOPE}" scope`);
  }
  return identity;
}

// A session's or token's id, as the listing shows it: its prefix, at most 64 characters.
const ids = {
  ses_: v.pipe(
    v.string(),
    v.regex(/^ses_/),
    v.maxLength(64),
    fieldError("bad_input", 'must be a string starting with "ses_"'),
  ),
  tok_: v.pipe(
    v.string(),
    v.regex(/^tok_/),
    v.maxLength(64),
    fieldError("bad_input", 'must be a string starting with "tok_"'),
  ),
};

function assertId(id: unknown, prefix: keyof typeof ids): asserts id is string {
  parseInput(ids[prefix], id, { root: "id" });
}

/**
 * The auth plugin's RPC methods. Each takes the caller's credential and checks
 * it here, where the data lives: the Worker never vouches for a user, and a
 * request costs one object call.
 */
export const authMethods = {
  /** Stores a verified login: profile, and a session or a token, all or nothing. Answers the new token's listing, if any. */
  authSignIn(this: PluginContext, signIn: SignIn): TokenInfo | null {
    if (!isUserId(signIn?.profile?.id) || signIn.profile.id !== this.name) {
      throw new UserDOError(400, "wrong_user", "the profile does not belong to this object");
    }
    if (signIn.session) assertNewSession(signIn.session);
    if (signIn.token) assertNewToken(signIn.token);
    parseInput(StateHash, signIn.stateHash, { root: "stateHash" });
    const now = Date.now();
    const token = this.ctx.storage.transactionSync(() => {
      if (signIn.stateHash !== null) consumeState(this, signIn.stateHash, now);
      writeProfile(this, signIn.profile, signIn.providerToken, now);
      if (signIn.session) createSession(this, signIn.session, now);
      return signIn.token ? createToken(this, signIn.token, now) : null;
    });
    this.log("info", "auth: signed in", { via: signIn.session ? "session" : "token", login: signIn.profile.login });
    return token;
  },

  /** The caller's identity and profile, or null when the credential is not valid. */
  authWhoAmI(this: PluginContext, credential: Credential): WhoAmI | null {
    const identity = verifyCredential(this, credential);
    return identity ? { identity, profile: readProfile(this) } : null;
  },

  /** Deletes the caller's session server-side; false when it was not valid. */
  authSignOut(this: PluginContext, credential: Credential): boolean {
    if (credential?.kind !== "session" || !verifyCredential(this, credential)) return false;
    return deleteSessionByHash(this, credential.secretHash);
  },

  /** The user's live sessions (needs a session, or a token with the `auth` scope). */
  authListSessions(this: PluginContext, credential: Credential): SessionInfo[] {
    requireManager(this, credential);
    return listSessions(this, Date.now());
  },

  /** Deletes one of the user's sessions; false when there was none. */
  authRevokeSession(this: PluginContext, credential: Credential, id: string): boolean {
    requireManager(this, credential);
    assertId(id, "ses_");
    return revokeSession(this, id);
  },

  /** Creates an API token. Only a browser session may: a token never mints another token. */
  authCreateToken(this: PluginContext, credential: Credential, token: NewToken): TokenInfo {
    const identity = requireIdentity(this, credential);
    if (identity.via !== "session")
      throw new UserDOError(403, "session_required", "tokens are created from a logged-in session");
    assertNewToken(token);
    return createToken(this, token, Date.now());
  },

  /** The user's tokens, revoked and expired included (never secrets). */
  authListTokens(this: PluginContext, credential: Credential): TokenInfo[] {
    requireManager(this, credential);
    return listTokens(this);
  },

  /** Revokes one of the user's tokens; false when there was no live one. */
  authRevokeToken(this: PluginContext, credential: Credential, id: string): boolean {
    requireManager(this, credential);
    assertId(id, "tok_");
    const revoked = revokeToken(this, id, Date.now());
    if (revoked) this.log("info", "auth: token revoked", { id });
    return revoked;
  },
};
