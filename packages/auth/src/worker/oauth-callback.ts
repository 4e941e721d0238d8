import { UserDOError, constantTimeEqual } from "@userdo/core";
import { fetchGitHubProfile } from "../github/github-api.js";
import { exchangeGitHubCode } from "../github/github-oauth.js";
import { sha256Hex } from "../security/secrets.js";
import type { AuthRequest } from "./auth-options.js";
import { STATE_COOKIE, clearCookie, cookieName, cookiePolicy, readCookie } from "./cookies.js";
import { redirect } from "./http.js";
import { defaultLanding, githubApp } from "./oauth-login.js";
import { decodePendingLogin } from "./pending-login.js";
import { safeRedirect } from "./safe-redirect.js";
import { startSession } from "./start-session.js";

/**
 * `GET /oauth/callback?code&state`: checks the state against the browser's
 * pending-login cookie (constant time), trades the code with the PKCE
 * verifier, reads the GitHub profile, and stores profile and session in the
 * user's object in one call (which also refuses a state used before).
 */
export async function oauthCallback(req: AuthRequest): Promise<Response> {
  const policy = cookiePolicy(req.url, req.config.cookieDomain);
  const denied = req.url.searchParams.get("error");
  if (denied !== null) throw new UserDOError(400, "oauth_denied", `GitHub did not sign you in (${denied.slice(0, 64)})`);
  const cookie = readCookie(req.request.headers.get("cookie"), cookieName(STATE_COOKIE, policy));
  if (cookie === null) throw new UserDOError(400, "state_missing", "no login in progress in this browser; start the login again");
  const pending = decodePendingLogin(cookie);
  const state = req.url.searchParams.get("state");
  if (pending === null || state === null || !(await constantTimeEqual(pending.state, state))) {
    throw new UserDOError(400, "state_mismatch", "the login state does not match this browser; start the login again");
  }
  const code = req.url.searchParams.get("code");
  if (code === null || code === "" || code.length > 1024) throw new UserDOError(400, "bad_code", "the callback has no code");
  // Checked again: the cookie came back from the client.
  const to = pending.redirect === defaultLanding(req) ? pending.redirect : safeRedirect(pending.redirect, req.url, req.options.allowedRedirectOrigins);
  const accessToken = await exchangeGitHubCode(githubApp(req), code, pending.codeVerifier);
  const profile = await fetchGitHubProfile(accessToken, pending.sourceDomain);
  const session = await startSession(req, profile, await sha256Hex(pending.state), accessToken);
  return redirect(to, [session, clearCookie(STATE_COOKIE, policy)]);
}
