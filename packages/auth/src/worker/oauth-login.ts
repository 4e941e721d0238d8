import { parseInput, parseQuery } from "@userdo/core";
import { generateCodeVerifier, generateState } from "arctic";
import type { LoginProvider } from "../providers/provider.js";
import type { AuthRequest } from "./auth-options.js";
import { STATE_COOKIE, cookiePolicy, serializeCookie } from "./cookies.js";
import { devLogin } from "./dev-login.js";
import { redirect } from "./http.js";
import { providerApp, requestedProvider } from "./login-providers.js";
import { PENDING_LOGIN_TTL_SECONDS, encodePendingLogin } from "./pending-login.js";
import { safeRedirect } from "./safe-redirect.js";
import { LoginQuery } from "../shared/auth-queries.js";
import { scopeList } from "./scope-list.js";

/** Where a login lands by default: `LOGIN_REDIRECT_URI` (trusted config, may be another origin), else `/`. */
export function defaultLanding(req: AuthRequest): string {
  return new URL(req.config.loginRedirectUri ?? "/", req.url.origin).toString();
}

/** Where to land: the checked `redirect_uri` parameter, else {@link defaultLanding}. */
export function landing(req: AuthRequest, asked: string | undefined): string {
  return asked === undefined ? defaultLanding(req) : safeRedirect(asked, req.url, req.options.allowedRedirectOrigins);
}

function requestedScopes(req: AuthRequest, provider: LoginProvider, scope = ""): readonly string[] {
  const extra = parseInput(scopeList(provider), scope, { root: "scope" });
  return [...new Set([...req.options.scopes[provider.name], ...extra])];
}

/**
 * `GET /oauth/login?provider&redirect_uri&scope`: sends the browser to the
 * provider (GitHub unless `provider=x`) with a fresh state and PKCE
 * challenge, and binds both, with the provider's name, to this browser in a
 * short-lived cookie. With `SKIP_LOGIN=true` on localhost, signs in the dev
 * profile instead; off localhost that is refused.
 */
export async function oauthLogin(req: AuthRequest): Promise<Response> {
  const query = parseQuery(LoginQuery, req.url);
  const to = landing(req, query.redirect_uri);
  if (req.config.skipLogin) return devLogin(req, to);
  const provider = requestedProvider(req, query.provider);
  const app = providerApp(req, provider);
  const scopes = requestedScopes(req, provider, query.scope);
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const pending = encodePendingLogin({
    provider: provider.name,
    state,
    codeVerifier,
    redirect: to,
    sourceDomain: req.url.hostname,
  });
  const cookie = serializeCookie(
    STATE_COOKIE,
    pending,
    cookiePolicy(req.url, req.config.cookieDomain),
    PENDING_LOGIN_TTL_SECONDS,
  );
  return redirect(provider.authorizationUrl(app, state, codeVerifier, scopes).toString(), [cookie]);
}
