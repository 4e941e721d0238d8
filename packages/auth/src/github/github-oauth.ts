import { UserDOError } from "@userdo/core";
import { ArcticFetchError, CodeChallengeMethod, OAuth2Client, OAuth2RequestError, UnexpectedResponseError } from "arctic";

/** GitHub's OAuth endpoints. */
export const GITHUB_AUTHORIZE_URL = "https://github.com/login/oauth/authorize";
export const GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token";

/** The OAuth app, as registered at GitHub. */
export interface GitHubApp {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The callback URL registered with the app. */
  readonly redirectUri: string;
}

// arctic's generic client, because its GitHub class does not send PKCE and
// GitHub supports it (S256).
function client(app: GitHubApp): OAuth2Client {
  return new OAuth2Client(app.clientId, app.clientSecret, app.redirectUri);
}

/**
 * The URL that sends the browser to GitHub's consent page, with the state and
 * a PKCE challenge for `codeVerifier`.
 *
 * @example
 * ```ts
 * const url = githubAuthorizationUrl(app, generateState(), generateCodeVerifier(), ["read:user", "user:email"]);
 * ```
 */
export function githubAuthorizationUrl(app: GitHubApp, state: string, codeVerifier: string, scopes: readonly string[]): URL {
  return client(app).createAuthorizationURLWithPKCE(GITHUB_AUTHORIZE_URL, state, CodeChallengeMethod.S256, codeVerifier, [...scopes]);
}

/**
 * Trades the callback's code (with the PKCE verifier) for an access token.
 * A refused code is a 400; GitHub unreachable or answering oddly is a 502.
 * The token is returned to the caller and never logged.
 *
 * @example
 * ```ts
 * const accessToken = await exchangeGitHubCode(app, code, verifier);
 * ```
 */
export async function exchangeGitHubCode(app: GitHubApp, code: string, codeVerifier: string): Promise<string> {
  let data: object;
  try {
    data = (await client(app).validateAuthorizationCode(GITHUB_TOKEN_URL, code, codeVerifier)).data;
  } catch (error) {
    if (error instanceof OAuth2RequestError) throw new UserDOError(400, "oauth_failed", `GitHub refused the login (${error.code})`);
    if (error instanceof ArcticFetchError) throw new UserDOError(502, "provider_unavailable", "GitHub could not be reached");
    if (error instanceof UnexpectedResponseError && error.status < 500) {
      throw new UserDOError(400, "oauth_failed", `GitHub refused the login (status ${error.status})`);
    }
    throw new UserDOError(502, "provider_unavailable", "GitHub answered unexpectedly");
  }
  // GitHub answers 200 with an error body for a bad or used code.
  const body = data as { access_token?: unknown; error?: unknown };
  if (typeof body.error === "string") throw new UserDOError(400, "oauth_failed", `GitHub refused the login (${body.error.slice(0, 64)})`);
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw new UserDOError(502, "provider_unavailable", "GitHub answered without an access token");
  }
  return body.access_token;
}
