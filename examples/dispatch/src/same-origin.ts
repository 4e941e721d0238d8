import { UserDOError } from "@userdo/core";

/**
 * Refuses a form post that a browser says came from another site: the second
 * lock after the `SameSite=Lax` session cookie. Clients without `Origin` or
 * `Sec-Fetch-Site` (scripts with a token) pass.
 *
 * @example
 * ```ts
 * assertSameOrigin(request);
 * ```
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if ((origin !== null && origin !== new URL(request.url).origin) || site === "cross-site" || site === "same-site") {
    throw new UserDOError(403, "cross_origin", "this request must come from this site");
  }
}
