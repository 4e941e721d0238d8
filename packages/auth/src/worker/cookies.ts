import { UserDOError } from "@userdo/core";
import { isPlainHttpLocalhost } from "./local.js";

/** The session cookie's base name; `__Host-udo_session` unless domain sharing is on. */
export const SESSION_COOKIE = "udo_session";
/** The short-lived cookie that binds an OAuth state to the browser that started the login. */
export const STATE_COOKIE = "udo_oauth";

/**
 * How cookies are set for a request: `Secure` everywhere but plain-http
 * localhost; host-only with the `__Host-` prefix unless an explicit domain is
 * shared, never "the last two labels" of the host.
 */
export interface CookiePolicy {
  readonly secure: boolean;
  readonly domain: string | null;
}

/**
 * The policy for `url`. A host that `cookieDomain` does not cover (the
 * Worker's workers.dev name beside a custom domain) is a 421: the browser
 * would drop the cookie there and login would fail silently.
 *
 * @example
 * ```ts
 * cookiePolicy(new URL("https://app.example.com/"), "example.com"); // { secure: true, domain: "example.com" }
 * ```
 */
export function cookiePolicy(url: URL, cookieDomain: string | null): CookiePolicy {
  const secure = !isPlainHttpLocalhost(url);
  if (cookieDomain === null) return { secure, domain: null };
  if (url.hostname !== cookieDomain && !url.hostname.endsWith(`.${cookieDomain}`)) {
    throw new UserDOError(
      421,
      "wrong_host",
      `sessions of this app live under ${cookieDomain} (COOKIE_DOMAIN); open it at a host under ${cookieDomain}, not ${url.hostname}`,
    );
  }
  return { secure, domain: cookieDomain };
}

/**
 * The cookie's full name under a policy: `__Host-` needs Secure, Path=/ and no Domain.
 *
 * @example
 * ```ts
 * cookieName(SESSION_COOKIE, { secure: true, domain: null }); // "__Host-udo_session"
 * ```
 */
export function cookieName(base: string, policy: CookiePolicy): string {
  return policy.secure && policy.domain === null ? `__Host-${base}` : base;
}

/**
 * A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure and Domain
 * as the policy says.
 *
 * @example
 * ```ts
 * const headers = new Headers();
 * const policy = cookiePolicy(new URL(request.url), null);
 * headers.append("set-cookie", serializeCookie(SESSION_COOKIE, "583231.the-secret", policy, 30 * 86_400));
 * ```
 */
export function serializeCookie(base: string, value: string, policy: CookiePolicy, maxAgeSeconds: number): string {
  const parts = [
    `${cookieName(base, policy)}=${value}`,
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (policy.secure) parts.push("Secure");
  if (policy.domain !== null) parts.push(`Domain=${policy.domain}`);
  return parts.join("; ");
}

/** A `Set-Cookie` value that deletes the cookie. */
export function clearCookie(base: string, policy: CookiePolicy): string {
  return serializeCookie(base, "", policy, 0);
}

/**
 * The value of the first cookie named `name` in a `Cookie` header, or null.
 *
 * @example
 * ```ts
 * readCookie(request.headers.get("cookie"), "__Host-udo_session");
 * ```
 */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The one session cookie name this request may carry. The unprefixed name is
 * read only where it is the one set (domain sharing, or plain-http
 * localhost): elsewhere a sibling subdomain could plant it.
 */
export function sessionCookieName(url: URL, cookieDomain: string | null): string {
  return cookieName(SESSION_COOKIE, { secure: !isPlainHttpLocalhost(url), domain: cookieDomain });
}
