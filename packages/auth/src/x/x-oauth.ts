import { Twitter } from "arctic";
import { accessTokenIn, exchangeWith, grantedScopes } from "../providers/code-exchange.js";
import type { LoginProvider, OAuthApp, ProviderGrant } from "../providers/provider.js";
import { fetchXProfile } from "./x-api.js";

// arctic's Twitter client: X's OAuth 2.0 with PKCE (S256), the client
// authenticated with HTTP Basic as X requires of confidential (web) apps.
function client(app: OAuthApp): Twitter {
  return new Twitter(app.clientId, app.clientSecret, app.redirectUri);
}

/**
 * The URL that sends the browser to X's consent page, with the state and a
 * PKCE challenge for `codeVerifier`.
 *
 * @example
 * ```ts
 * declare const x: OAuthApp, state: string, verifier: string; // arctic's generateState(), generateCodeVerifier()
 * const url = xAuthorizationUrl(x, state, verifier, ["users.read", "tweet.read"]);
 * ```
 */
export function xAuthorizationUrl(app: OAuthApp, state: string, codeVerifier: string, scopes: readonly string[]): URL {
  return client(app).createAuthorizationURL(state, codeVerifier, [...scopes]);
}

/**
 * Trades the callback's code (with the PKCE verifier) for an access token and
 * the scopes the user granted. A refused code is a 400; X unreachable or
 * answering oddly is a 502.
 *
 * @example
 * ```ts
 * declare const x: OAuthApp, code: string, verifier: string; // from the callback and the login's cookie
 * const grant = await exchangeXCode(x, code, verifier); // { accessToken, scopes: ["users.read", "tweet.read"] }
 * ```
 */
export async function exchangeXCode(app: OAuthApp, code: string, codeVerifier: string): Promise<ProviderGrant> {
  const body = await exchangeWith("X", () => client(app).validateAuthorizationCode(code, codeVerifier));
  return { accessToken: accessTokenIn("X", body), scopes: grantedScopes(body) };
}

/**
 * X as a login provider: users are named `x-<numeric id>`, so an X account
 * and a GitHub account never share an object.
 */
export const xProvider: LoginProvider = {
  name: "x",
  label: "X",
  scopePattern: /^[a-z][a-z.]{0,40}$/,
  authorizationUrl: xAuthorizationUrl,
  exchangeCode: exchangeXCode,
  fetchProfile: fetchXProfile,
};
