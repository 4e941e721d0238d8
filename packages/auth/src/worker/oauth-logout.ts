import type { AuthRequest } from "./auth-options.js";
import { SESSION_COOKIE, clearCookie, cookiePolicy } from "./cookies.js";
import { redirect } from "./http.js";
import { readCredential } from "./read-credential.js";
import { safeRedirect } from "./safe-redirect.js";

/**
 * `GET /oauth/logout?redirect_uri`: deletes the session in the user's object
 * (server side, so a copied cookie is dead too), clears the cookie and
 * redirects (same origin or allow-listed). A malformed cookie is just cleared.
 */
export async function oauthLogout(req: AuthRequest): Promise<Response> {
  const asked = req.url.searchParams.get("redirect_uri");
  const to =
    asked === null
      ? new URL("/", req.url.origin).toString()
      : safeRedirect(asked, req.url, req.options.allowedRedirectOrigins);
  const policy = cookiePolicy(req.url, req.config.cookieDomain);
  const credential = await readCredential(req.request, {
    cookieDomain: req.config.cookieDomain,
    signing: req.config.signing,
  }).catch(() => null);
  if (credential?.kind === "session") await req.user(credential.user).authSignOut(credential);
  return redirect(to, [clearCookie(SESSION_COOKIE, policy)]);
}
