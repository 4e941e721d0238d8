/** Small answers shared by the auth routes. Nothing here may be cached by a proxy. */

const NO_STORE = "no-store";

/** A redirect that also sets cookies. */
export function redirect(location: string, cookies: readonly string[] = []): Response {
  const headers = new Headers({ location, "cache-control": NO_STORE });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 302, headers });
}
