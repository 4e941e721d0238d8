import { assertSameOrigin, UserDOError, jsonResponse, readJsonBody } from "@userdo/core";
import { formatToken } from "../credential/credential.js";
import { fetchGitHubProfile } from "../github/github-api.js";
import { githubProvider } from "../github/github-oauth.js";
import { assertExchangeable } from "../github/github-token-check.js";
import type { NewToken, TokenInfo } from "../shared/token-info.js";
import { issueTag } from "../security/credential-tag.js";
import { publicId, randomHex, sha256Hex } from "../security/secrets.js";
import type { AuthRequest } from "./auth-options.js";
import { readCredential } from "./read-credential.js";
import { providerApp } from "./login-providers.js";
import { keptProviderToken } from "./start-session.js";
import { parseTokenRequest } from "./token-request.js";

/** Largest body `POST /oauth/token` reads. */
export const MAX_TOKEN_BODY_BYTES = 8 * 1024;

/**
 * What `POST /oauth/token` answers (201): the token itself, shown this once
 * and never stored, and its listing.
 *
 * @example
 * ```json
 * { "token": "udo_583231_9f86…", "id": "tok_3fa8…", "scopes": ["todo:read"], "expiresAt": 1767225600000, "budget": 500 }
 * ```
 */
export interface IssuedToken extends TokenInfo {
  readonly token: string;
}

/**
 * `POST /oauth/token`: creates an API token for the logged-in user (session
 * cookie), or, with `githubToken` in the body, for the GitHub user behind
 * that access token (programmatic login, no browser) when the
 * `githubTokenExchange` policy accepts it. The object stores only the
 * token's hash.
 */
export async function oauthToken(req: AuthRequest): Promise<Response> {
  const body = await readJsonBody(req.request, { maxBytes: MAX_TOKEN_BODY_BYTES });
  const spec = parseTokenRequest(body);
  const secret = randomHex(32);
  const token: NewToken = {
    id: publicId("tok"),
    secretHash: await sha256Hex(secret),
    name: spec.name,
    scopes: spec.scopes,
    budget: spec.budget,
    expiresAt: Date.now() + spec.expiresIn * 1000,
  };
  let user: string;
  let info: TokenInfo | null;
  if (spec.githubToken !== null) {
    await assertExchangeable(req.options.githubTokenExchange, () => providerApp(req, githubProvider), spec.githubToken);
    const profile = await fetchGitHubProfile(spec.githubToken, req.url.hostname);
    user = profile.id;
    const providerToken = await keptProviderToken(req, spec.githubToken);
    info = await req.user(user).authSignIn({ profile, providerToken, stateHash: null, token });
  } else {
    assertSameOrigin(req.request, req.url);
    const credential = await readCredential(req.request, {
      cookieDomain: req.config.cookieDomain,
      signing: req.config.signing,
    });
    if (credential === null)
      throw new UserDOError(401, "unauthenticated", "log in first, or send githubToken to exchange");
    user = credential.user;
    info = await req.user(user).authCreateToken(credential, token);
  }
  if (info === null) throw new UserDOError(500, "internal", "the token was not stored");
  const issued: IssuedToken = {
    ...info,
    token: formatToken(user, secret, await issueTag(req.config.signing, "token", user, secret)),
  };
  return jsonResponse(201, issued);
}
