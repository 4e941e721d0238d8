import { assertSameOrigin, parseQuery } from "@userdo/core";
import type { AuthRequest } from "./auth-options.js";
import { LogoutQuery } from "../shared/auth-queries.js";
import { SESSION_COOKIE, clearCookie, cookiePolicy } from "./cookies.js";
import { redirect } from "./http.js";
import { readCredential } from "./read-credential.js";
import { safeRedirect } from "./safe-redirect.js";

/** Where a logout lands: the checked `redirect_uri`, else `/` (400 for anything off-site). */
export function logoutLanding(req: AuthRequest): string {
  const asked = parseQuery(LogoutQuery, req.url).redirect_uri;
  return asked === undefined
    ? new URL("/", req.url.origin).toString()
    : safeRedirect(asked, req.url, req.options.allowedRedirectOrigins);
}

/**
 * `POST /oauth/logout?redirect_uri`: from this site only (403 otherwise, so
 * another site's form cannot log a user out), deletes the session in the
 * user's object (server side, so a copied cookie is dead too), clears the
 * cookie and redirects (same origin or allow-listed). A malformed cookie is
 * just cleared.
 */
export async function oauthLogout(req: AuthRequest): Promise<Response> {
  assertSameOrigin(req.request, req.url);
  const to = logoutLanding(req);
  const policy = cookiePolicy(req.url, req.config.cookieDomain);
  const credential = await readCredential(req.request, {
    cookieDomain: req.config.cookieDomain,
    signing: req.config.signing,
  }).catch(() => null);
  if (credential?.kind === "session") await req.user(credential.user).authSignOut(credential);
  return redirect(to, [clearCookie(SESSION_COOKIE, policy)]);
}
