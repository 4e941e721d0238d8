import { UserDOError, constantTimeEqual, parseQuery } from "@userdo/core";
import type { LoginProvider } from "../providers/provider.js";
import { sha256Hex } from "../security/secrets.js";
import type { AuthRequest } from "./auth-options.js";
import { CallbackQuery } from "../shared/auth-queries.js";
import { STATE_COOKIE, clearCookie, cookieName, cookiePolicy, readCookie } from "./cookies.js";
import { redirect } from "./http.js";
import { providerApp } from "./login-providers.js";
import { defaultLanding } from "./oauth-login.js";
import { decodePendingLogin } from "./pending-login.js";
import { safeRedirect } from "./safe-redirect.js";
import { startSession } from "./start-session.js";

/**
 * `GET /oauth/callback?code&state` (GitHub) and `GET /oauth/x/callback` (X):
 * checks the state against the browser's pending-login cookie (constant
 * time) and that the login went to this provider, trades the code with the
 * PKCE verifier, reads the profile, and stores profile and session in the
 * user's object in one call (which also refuses a state used before).
 */
export async function oauthCallback(req: AuthRequest, provider: LoginProvider): Promise<Response> {
  // First: a callback of a provider this deploy has not configured is a 404, whatever it carries.
  const app = providerApp(req, provider);
  const policy = cookiePolicy(req.url, req.config.cookieDomain);
  const { error: denied, state, code } = parseQuery(CallbackQuery, req.url);
  if (denied !== undefined)
    throw new UserDOError(400, "oauth_denied", `${provider.label} did not sign you in (${denied.slice(0, 64)})`);
  const cookie = readCookie(req.request.headers.get("cookie"), cookieName(STATE_COOKIE, policy));
  if (cookie === null)
    throw new UserDOError(400, "state_missing", "no login in progress in this browser; start the login again");
  const pending = decodePendingLogin(cookie);
  if (pending === null || state === undefined || !(await constantTimeEqual(pending.state, state))) {
    throw new UserDOError(400, "state_mismatch", "the login state does not match this browser; start the login again");
  }
  if (pending.provider !== provider.name) {
    throw new UserDOError(
      400,
      "provider_mismatch",
      `this browser's login went to another provider, not ${provider.label}; start the login again`,
    );
  }
  if (code === undefined) throw new UserDOError(400, "bad_code", "the callback has no code");
  // Checked again: the cookie came back from the client.
  const to =
    pending.redirect === defaultLanding(req)
      ? pending.redirect
      : safeRedirect(pending.redirect, req.url, req.options.allowedRedirectOrigins);
  const grant = await provider.exchangeCode(app, code, pending.codeVerifier);
  const profile = await provider.fetchProfile(grant, pending.sourceDomain);
  const session = await startSession(req, profile, await sha256Hex(pending.state), grant.accessToken);
  return redirect(to, [session, clearCookie(STATE_COOKIE, policy)]);
}
