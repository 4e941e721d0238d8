import { UserDOError, escapeHtml } from "@userdo/core";
import type { AuthRequest } from "./auth-options.js";
import { logoutLanding } from "./oauth-logout.js";

// The page runs no script and its form posts only to this site.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function wantsHtml(request: Request): boolean {
  return /\btext\/html\b/i.test(request.headers.get("accept") ?? "");
}

/**
 * `GET /oauth/logout` (and `/logout`): logs no one out, since a link or an
 * image on any site can make a GET. A browser gets a page with a button that
 * posts the logout (old `<a href="/logout">` links keep working, one click
 * later); any other client a 405 naming POST.
 */
export async function logoutPage(req: AuthRequest): Promise<Response> {
  if (!wantsHtml(req.request)) throw new UserDOError(405, "method_not_allowed", "log out with POST");
  logoutLanding(req); // a bad redirect_uri is a 400 here too, not after the click
  const action = `${req.url.pathname}${req.url.search}`;
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Log out</title></head>
<body style="font-family:system-ui,sans-serif;max-width:480px;margin:64px auto;padding:0 16px"><h1>Log out?</h1>
<form method="post" action="${escapeHtml(action)}"><button type="submit">Log out</button></form></body></html>`;
  return new Response(page, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
    },
  });
}
