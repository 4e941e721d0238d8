import { UserDOError } from "@userdo/core";
import { formatSessionValue } from "../credential/credential.js";
import type { ProfileInput } from "../shared/profile.js";
import { issueTag } from "../security/credential-tag.js";
import { sealSecret } from "../security/seal.js";
import { publicId, randomHex, sha256Hex } from "../security/secrets.js";
import type { AuthRequest } from "./auth-options.js";
import { SESSION_COOKIE, cookiePolicy, serializeCookie } from "./cookies.js";

const MAX_USER_AGENT = 256;

/** Seals the provider token when the app keeps it; null otherwise (the default). */
export async function keptProviderToken(req: AuthRequest, accessToken: string | null): Promise<string | null> {
  if (!req.options.keepProviderToken || accessToken === null) return null;
  // providerApp refuses a login before this point; kept as the last guard.
  if (req.config.authSecret === null)
    throw new UserDOError(
      404,
      "provider_not_configured",
      "keepProviderToken needs AUTH_SECRET (at least 32 characters)",
    );
  return sealSecret(accessToken, req.config.authSecret);
}

/**
 * Stores a verified login in the user's object with a new session, in one
 * call, and answers the `Set-Cookie` for it. The cookie holds
 * `<user>.<secret>` (and `.<tag>` when the app signs); the object stores only
 * the secret's hash.
 */
export async function startSession(
  req: AuthRequest,
  profile: ProfileInput,
  stateHash: string | null,
  accessToken: string | null,
): Promise<string> {
  const policy = cookiePolicy(req.url, req.config.cookieDomain);
  const ttl = req.options.sessionTtlSeconds;
  const secret = randomHex(32);
  await req.user(profile.id).authSignIn({
    profile,
    providerToken: await keptProviderToken(req, accessToken),
    stateHash,
    session: {
      id: publicId("ses"),
      secretHash: await sha256Hex(secret),
      expiresAt: Date.now() + ttl * 1000,
      userAgent: req.request.headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
      sourceDomain: profile.sourceDomain,
    },
  });
  const tag = await issueTag(req.config.signing, "session", profile.id, secret);
  return serializeCookie(SESSION_COOKIE, formatSessionValue(profile.id, secret, tag), policy, ttl);
}
