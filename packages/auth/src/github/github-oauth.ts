import { UserDOError } from "@userdo/core";
import { CodeChallengeMethod, OAuth2Client } from "arctic";
import { accessTokenIn, exchangeWith, grantedScopes } from "../providers/code-exchange.js";
import type { LoginProvider, OAuthApp, ProviderGrant } from "../providers/provider.js";
import { fetchGitHubProfile } from "./github-api.js";

/** GitHub's OAuth endpoints. */
export const GITHUB_AUTHORIZE_URL = "https://github.com/login/oauth/authorize";
export const GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token";

// arctic's generic client, because its GitHub class does not send PKCE and
// GitHub supports it (S256).
function client(app: OAuthApp): OAuth2Client {
  return new OAuth2Client(app.clientId, app.clientSecret, app.redirectUri);
}

/**
 * The URL that sends the browser to GitHub's consent page, with the state and
 * a PKCE challenge for `codeVerifier`.
 *
 * @example
 * ```ts
 * declare const github: OAuthApp, state: string, verifier: string; // arctic's generateState(), generateCodeVerifier()
 * const url = githubAuthorizationUrl(github, state, verifier, ["read:user", "user:email"]);
 * ```
 */
export function githubAuthorizationUrl(
  app: OAuthApp,
  state: string,
  codeVerifier: string,
  scopes: readonly string[],
): URL {
  return client(app).createAuthorizationURLWithPKCE(
    GITHUB_AUTHORIZE_URL,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    [...scopes],
  );
}

/**
 * Trades the callback's code (with the PKCE verifier) for an access token.
 * A refused code is a 400; GitHub unreachable or answering oddly is a 502.
 *
 * @example
 * ```ts
 * declare const github: OAuthApp, code: string, verifier: string; // from the callback and the login's cookie
 * const { accessToken } = await exchangeGitHubCode(github, code, verifier);
 * ```
 */
export async function exchangeGitHubCode(app: OAuthApp, code: string, codeVerifier: string): Promise<ProviderGrant> {
  const body = await exchangeWith("GitHub", () =>
    client(app).validateAuthorizationCode(GITHUB_TOKEN_URL, code, codeVerifier),
  );
  // GitHub answers 200 with an error body for a bad or used code.
  if (typeof body.error === "string")
    throw new UserDOError(400, "oauth_failed", `GitHub refused the login (${body.error.slice(0, 64)})`);
  return { accessToken: accessTokenIn("GitHub", body), scopes: grantedScopes(body) };
}

/** GitHub as a login provider: users are named by their numeric id (`583231`). */
export const githubProvider: LoginProvider = {
  name: "github",
  label: "GitHub",
  scopePattern: /^[a-z][a-z:_-]{0,40}$/,
  authorizationUrl: githubAuthorizationUrl,
  exchangeCode: exchangeGitHubCode,
  fetchProfile: (grant, sourceDomain) => fetchGitHubProfile(grant.accessToken, sourceDomain),
};
