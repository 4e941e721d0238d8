import { UserDOError } from "@userdo/core";
import { generateCodeVerifier, generateState } from "arctic";
import { type GitHubApp, githubAuthorizationUrl } from "../github/github-oauth.js";
import type { AuthRequest } from "./auth-options.js";
import { STATE_COOKIE, cookiePolicy, serializeCookie } from "./cookies.js";
import { devLogin } from "./dev-login.js";
import { redirect } from "./http.js";
import { PENDING_LOGIN_TTL_SECONDS, encodePendingLogin } from "./pending-login.js";
import { safeRedirect } from "./safe-redirect.js";

const GITHUB_SCOPE = /^[a-z][a-z:_-]{0,40}$/;

/** The OAuth app from the env, or a 500 naming what is missing. */
export function githubApp(req: AuthRequest): GitHubApp {
  const { githubClientId, githubClientSecret, githubRedirectUri } = req.config;
  if (githubClientId === null || githubClientSecret === null) {
    throw new UserDOError(500, "auth_misconfigured", "GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are required for GitHub login");
  }
  return { clientId: githubClientId, clientSecret: githubClientSecret, redirectUri: githubRedirectUri ?? `${req.url.origin}/oauth/callback` };
}

/** Where a login lands by default: `LOGIN_REDIRECT_URI` (trusted config, may be another origin), else `/`. */
export function defaultLanding(req: AuthRequest): string {
  return new URL(req.config.loginRedirectUri ?? "/", req.url.origin).toString();
}

/** Where to land: the checked `redirect_uri` parameter, else {@link defaultLanding}. */
export function landing(req: AuthRequest): string {
  const asked = req.url.searchParams.get("redirect_uri");
  return asked === null ? defaultLanding(req) : safeRedirect(asked, req.url, req.options.allowedRedirectOrigins);
}

function requestedScopes(req: AuthRequest): readonly string[] {
  const extra = (req.url.searchParams.get("scope") ?? "").split(/[\s,]+/).filter((s) => s !== "");
  if (extra.length > 10 || extra.some((s) => !GITHUB_SCOPE.test(s))) {
    throw new UserDOError(400, "bad_scope", "scope must be up to 10 GitHub scopes such as read:org");
  }
  return [...new Set([...req.options.githubScopes, ...extra])];
}

/**
 * `GET /oauth/login?redirect_uri&scope`: sends the browser to GitHub with a
 * fresh state and PKCE challenge, and binds both to this browser in a
 * short-lived cookie. With `SKIP_LOGIN=true` on localhost, signs in the dev
 * profile instead; off localhost that is refused.
 */
export async function oauthLogin(req: AuthRequest): Promise<Response> {
  const to = landing(req);
  if (req.config.skipLogin) return devLogin(req, to);
  const app = githubApp(req);
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const pending = encodePendingLogin({ state, codeVerifier, redirect: to, sourceDomain: req.url.hostname });
  const cookie = serializeCookie(STATE_COOKIE, pending, cookiePolicy(req.url, req.config.cookieDomain), PENDING_LOGIN_TTL_SECONDS);
  return redirect(githubAuthorizationUrl(app, state, codeVerifier, requestedScopes(req)).toString(), [cookie]);
}
