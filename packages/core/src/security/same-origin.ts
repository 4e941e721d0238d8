import { UserDOError } from "../errors.js";

/**
 * Refuses (403) a request that a browser says came from another site: an
 * `Origin` other than the request's own, or `Sec-Fetch-Site` of `cross-site`
 * or `same-site` (a sibling subdomain is another site for money and
 * sessions). It is the second lock after `SameSite=Lax` cookies, which still
 * ride along on a top-level GET from elsewhere: a link on another site must
 * never act for a user. Clients that send neither header (curl, scripts with a
 * token) pass.
 *
 * @example
 * ```ts
 * if (request.method === "POST") assertSameOrigin(request);
 * ```
 */
export function assertSameOrigin(request: Request, url: URL = new URL(request.url)): void {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if ((origin !== null && origin !== url.origin) || site === "cross-site" || site === "same-site") {
    throw new UserDOError(403, "cross_origin", "this request must come from this site");
  }
}
