const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * True when a request is addressed to this machine: `localhost`, `127.0.0.1`,
 * `[::1]` or a `*.localhost` name, as `wrangler dev` serves. A deployed Worker
 * is reached only through its own routes and domains, so no request to it
 * carries such a host.
 *
 * @example
 * ```ts
 * isLocalRequest(new Request("http://127.0.0.1:8787/")); // true
 * isLocalRequest(new Request("https://app.example.com/")); // false
 * ```
 */
export function isLocalRequest(request: Request | URL): boolean {
  const { hostname } = request instanceof URL ? request : new URL(request.url);
  return LOOPBACK.has(hostname) || hostname.endsWith(".localhost");
}
