import { UserDOError } from "@userdo/core";

const MAX_REDIRECT_LENGTH = 2048;

function refused(): UserDOError {
  return new UserDOError(400, "bad_redirect", "redirect_uri must be a path on this site or an allowed origin");
}

/**
 * Where a login or logout may send the browser: a path on this origin, this
 * origin, or an origin in `allowedOrigins`. Anything else (another host,
 * `//evil.example`, `/\evil.example`, `javascript:`, credentials in the URL,
 * control characters) is a 400, never an open redirect.
 *
 * @example
 * ```ts
 * safeRedirect("/dashboard", new URL("https://app.example.com/oauth/login"), []); // "https://app.example.com/dashboard"
 * safeRedirect("https://evil.example/", new URL("https://app.example.com/oauth/login"), []); // throws 400 bad_redirect
 * ```
 */
export function safeRedirect(target: string, requestUrl: URL, allowedOrigins: readonly string[]): string {
  // Browsers treat "\" like "/" and skip tabs and newlines: "/\evil" and "/\t/evil" leave the site.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (target.length === 0 || target.length > MAX_REDIRECT_LENGTH || /[\u0000-\u001f\u007f\\]/.test(target))
    throw refused();
  const relative = target.startsWith("/");
  if (relative && target.startsWith("//")) throw refused();
  let url: URL;
  try {
    url = relative ? new URL(target, requestUrl.origin) : new URL(target);
  } catch {
    throw refused();
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refused();
  if (url.username !== "" || url.password !== "") throw refused();
  if (url.origin !== requestUrl.origin && !allowedOrigins.includes(url.origin)) throw refused();
  return url.toString();
}

/**
 * Checks an allow-list entry at startup: each must be a bare origin
 * (`https://app.example.com`), so a path or wildcard cannot widen it.
 */
export function assertOrigins(origins: readonly string[]): readonly string[] {
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || parsed.origin !== origin) {
      throw new UserDOError(
        500,
        "auth_misconfigured",
        `allowedRedirectOrigins: "${origin}" is not a bare origin like https://app.example.com`,
      );
    }
  }
  return Object.freeze([...origins]);
}
