import type { ProviderName } from "../credential/user-id.js";
import { decodeBase64url, encodeBase64url } from "../security/base64url.js";

/** How long a login may take between leaving for the provider and coming back. */
export const PENDING_LOGIN_TTL_SECONDS = 600;

/**
 * A login in flight, kept in the browser that started it (an HttpOnly,
 * SameSite=Lax, `__Host-` cookie): the provider it went to, the OAuth state,
 * the PKCE verifier, where to land, and the domain the user came from.
 * Binding the state to this cookie is what makes a callback URL useless in
 * another browser; recording the provider is what makes a code from one
 * provider useless at the other's callback (a mix-up).
 */
export interface PendingLogin {
  readonly provider: ProviderName;
  readonly state: string;
  readonly codeVerifier: string;
  readonly redirect: string;
  readonly sourceDomain: string;
}

const TOKEN = /^[A-Za-z0-9_-]{20,128}$/;

/** The cookie value for a pending login. */
export function encodePendingLogin(login: PendingLogin): string {
  return [
    login.state,
    login.codeVerifier,
    encodeBase64url(login.redirect),
    encodeBase64url(login.sourceDomain),
    login.provider,
  ].join(".");
}

/**
 * Reads a pending-login cookie value; null when it is not one. A value
 * without a provider is GitHub's: logins started before X existed finish.
 */
export function decodePendingLogin(value: string): PendingLogin | null {
  const [state, codeVerifier, redirect, sourceDomain, provider = "github", extra] = value.split(".");
  if (extra !== undefined || !state || !codeVerifier || redirect === undefined || sourceDomain === undefined)
    return null;
  if (!TOKEN.test(state) || !TOKEN.test(codeVerifier) || (provider !== "github" && provider !== "x")) return null;
  const to = decodeBase64url(redirect);
  const from = decodeBase64url(sourceDomain);
  return to === null || from === null ? null : { provider, state, codeVerifier, redirect: to, sourceDomain: from };
}
