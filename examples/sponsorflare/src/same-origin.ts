import { UserDOError } from "@userdo/core";

/**
 * Refuses a request that a browser says came from another site. The session
 * cookie is `SameSite=Lax`, which still rides along on a top-level GET from
 * another site: a link elsewhere must never spend a user's money, so routes
 * that act with the cookie check this too. Clients without `Origin` or
 * `Sec-Fetch-Site` (curl, scripts with a token) pass.
 *
 * @example
 * ```ts
 * if (!request.headers.has("authorization")) assertSameOrigin(request);
 * ```
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const ours = new URL(request.url).origin;
  if ((origin !== null && origin !== ours) || site === "cross-site" || site === "same-site") {
    throw new UserDOError(403, "cross_origin", "this request must come from this site");
  }
}
