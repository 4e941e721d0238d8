const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * True when the request is addressed to this machine (localhost, 127.0.0.1,
 * [::1], *.localhost). A deployed Worker is only reached through its own
 * routes, so a Host of localhost never gets there.
 *
 * @example
 * ```ts
 * isLocalhost(new URL("http://127.0.0.1:8787/")); // true
 * ```
 */
export function isLocalhost(url: URL): boolean {
  return LOOPBACK.has(url.hostname) || url.hostname.endsWith(".localhost");
}

/** Plain http on localhost: the one place cookies go without `Secure` (browsers drop Secure cookies over http). */
export function isPlainHttpLocalhost(url: URL): boolean {
  return url.protocol === "http:" && isLocalhost(url);
}
