import { UserDOError } from "@userdo/core";

/**
 * Refuses a state-changing request that a browser says came from another
 * site. SameSite=Lax already keeps the session cookie off cross-site POSTs
 * and DELETEs; this is the second lock. Clients that send no `Origin` (curl,
 * scripts with a token) pass.
 */
export function assertSameOrigin(request: Request, url: URL): void {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if ((origin !== null && origin !== url.origin) || site === "cross-site") {
    throw new UserDOError(403, "cross_origin", "this request must come from the same origin");
  }
}
