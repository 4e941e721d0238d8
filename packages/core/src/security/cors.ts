/**
 * Which cross-origin callers a route lets in. Never a wildcard: origins are listed.
 *
 * @example
 * ```ts
 * const options: CorsOptions = { origins: ["https://studio.outerbase.com"], headers: ["Authorization", "Content-Type"] };
 * ```
 */
export interface CorsOptions {
  /** Exact origins (`https://studio.outerbase.com`), compared as the browser sends them. */
  readonly origins: readonly string[];
  /** Methods a preflight allows. Default: POST. */
  readonly methods?: readonly string[];
  /** Request headers a preflight allows. Default: Authorization, Content-Type. */
  readonly headers?: readonly string[];
  /** Seconds a browser may cache a preflight answer. Default: 600. */
  readonly maxAge?: number;
}

/** A route's CORS policy, made once from {@link CorsOptions} by {@link cors}. */
export interface CorsPolicy {
  /** True for a request without `Origin`, from the route's own origin, or from a listed origin. */
  allows(request: Request): boolean;
  /** The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`), or null for other requests. */
  preflight(request: Request): Response | null;
  /** A copy of `response` with the CORS headers this request's origin gets (none for an unlisted one). */
  apply(request: Request, response: Response): Response;
}

/**
 * CORS for one route, with listed origins only: `Access-Control-Allow-Origin`
 * echoes a listed origin and is never `*`, `Vary: Origin` keeps caches honest,
 * and credentials (cookies) are never allowed: callers authenticate with a
 * bearer token that a page cannot send without the user's help.
 *
 * @example
 * ```ts
 * const policy = cors({ origins: ["https://studio.outerbase.com"], headers: ["Authorization", "Content-Type"] });
 * // in the handler
 * const pre = policy.preflight(request);
 * if (pre) return pre;
 * if (!policy.allows(request)) return jsonError(403, "origin_not_allowed", "origin not allowed");
 * return policy.apply(request, await app(request, env));
 * ```
 */
export function cors(options: CorsOptions): CorsPolicy {
  const origins = new Set(options.origins);
  const methods = (options.methods ?? ["POST"]).join(", ");
  const allowHeaders = (options.headers ?? ["Authorization", "Content-Type"]).join(", ");
  const maxAge = String(options.maxAge ?? 600);

  const listed = (request: Request): string | null => {
    const origin = request.headers.get("origin");
    return origin !== null && origins.has(origin) ? origin : null;
  };

  return Object.freeze({
    allows(request: Request): boolean {
      const origin = request.headers.get("origin");
      return origin === null || origins.has(origin) || origin === new URL(request.url).origin;
    },

    preflight(request: Request): Response | null {
      if (request.method !== "OPTIONS" || !request.headers.has("access-control-request-method")) return null;
      const origin = listed(request);
      // An unlisted origin gets no CORS headers: the browser then blocks the real request.
      if (origin === null) return new Response(null, { status: 403, headers: { vary: "Origin" } });
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": origin,
          "access-control-allow-methods": methods,
          "access-control-allow-headers": allowHeaders,
          "access-control-max-age": maxAge,
          vary: "Origin",
        },
      });
    },

    apply(request: Request, response: Response): Response {
      const origin = listed(request);
      const out = new Response(response.body, response);
      const vary = out.headers.get("vary") ?? "";
      if (!vary.split(",").some((v) => v.trim().toLowerCase() === "origin")) out.headers.append("vary", "Origin");
      if (origin !== null) out.headers.set("access-control-allow-origin", origin);
      return out;
    },
  });
}
