import * as v from "valibot";
import { USER_ID_PATTERN } from "../credential/user-id.js";

// The answers of auth's routes, for authOpenApi. Outputs: the code builds them
// (TokenInfo, SessionInfo, Profile, MeAnswer), nothing parses them.

const int = () => v.pipe(v.number(), v.integer());
const maybeInt = () => v.nullable(int());
const maybeText = () => v.nullable(v.string());
const UserId = v.pipe(v.string(), v.regex(USER_ID_PATTERN));
const Scopes = v.array(v.string());

/** An API token as its owner sees it (`TokenInfo`): never its secret. */
export const Token = v.object({
  id: v.string(),
  name: v.string(),
  scopes: Scopes,
  budget: maybeInt(),
  createdAt: int(),
  expiresAt: int(),
  lastUsedAt: maybeInt(),
  revokedAt: maybeInt(),
});

/** A new token: the token's fields and, this once, the token itself. */
export const IssuedToken = v.object({ ...Token.entries, token: v.string() });

/** A session as its owner sees it (`SessionInfo`). */
export const Session = v.object({
  id: v.string(),
  createdAt: int(),
  expiresAt: int(),
  lastUsedAt: maybeInt(),
  userAgent: maybeText(),
  sourceDomain: maybeText(),
});

/** The stored profile (`Profile`). */
export const Profile = v.object({
  id: UserId,
  provider: v.picklist(["github", "x"]),
  login: v.string(),
  name: maybeText(),
  avatarUrl: maybeText(),
  email: maybeText(),
  bio: maybeText(),
  blog: maybeText(),
  twitterUsername: maybeText(),
  createdAt: maybeInt(),
  lastVerifiedAt: int(),
  sourceDomain: maybeText(),
});

/** `GET /me` (`MeAnswer`). */
export const Me = v.object({
  user: UserId,
  via: v.picklist(["session", "token"]),
  tokenId: maybeText(),
  scopes: Scopes,
  budget: maybeInt(),
  admin: v.boolean(),
  profile: v.nullable(Profile),
});

/** `DELETE /oauth/sessions/{id}` and `/oauth/tokens/{id}`. */
export const Revoked = v.object({ revoked: v.boolean() });
/** `GET /oauth/sessions`, newest first. */
export const SessionList = v.object({ sessions: v.array(Session) });
/** `GET /oauth/tokens`, newest first. */
export const TokenList = v.object({ tokens: v.array(Token) });
