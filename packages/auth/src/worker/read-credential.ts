import { UserDOError } from "@userdo/core";
import { type Credential, type ParsedSecret, parseSessionValue, parseToken } from "../credential/credential.js";
import { sha256Hex } from "../security/secrets.js";
import { type AuthEnv, readAuthConfig } from "./auth-env.js";
import { readCookie, sessionCookieName } from "./cookies.js";

/** Where {@link readCredential} looks: pass the env (reads `COOKIE_DOMAIN`) or the domain itself. */
export interface ReadCredentialOptions {
  readonly env?: AuthEnv;
  readonly cookieDomain?: string | null;
}

function malformed(message: string): UserDOError {
  return new UserDOError(401, "malformed_credential", message);
}

function fromAuthorization(header: string): { kind: "token"; parsed: ParsedSecret } {
  const space = header.indexOf(" ");
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (space < 0 || value === "") throw malformed("the Authorization header is malformed");
  if (scheme === "bearer") return { kind: "token", parsed: parseToken(value) };
  if (scheme === "basic") {
    let decoded: string;
    try {
      decoded = atob(value);
    } catch {
      throw malformed("the basic credentials are not base64");
    }
    // The user part is free (a login, "token", anything): the token says who.
    const colon = decoded.indexOf(":");
    if (colon < 0) throw malformed("basic credentials need user:token");
    return { kind: "token", parsed: parseToken(decoded.slice(colon + 1)) };
  }
  throw malformed("use Authorization: Bearer <token> or Basic auth with the token as password");
}

/**
 * What the request presents, hashed so the object checks it synchronously:
 * `Authorization: Bearer udo_…`, Basic auth with the token as password
 * (`https://user:udo_…@host/`), or the session cookie. An Authorization header
 * wins over the cookie. Null when nothing is presented; a malformed value
 * throws `UserDOError(401, "malformed_credential")`.
 *
 * @example
 * ```ts
 * const credential = await readCredential(request, { env });
 * if (credential) return stub.charge(credential, 5, idempotencyKey);
 * ```
 */
export async function readCredential(request: Request, options: ReadCredentialOptions = {}): Promise<Credential | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const { kind, parsed } = fromAuthorization(authorization);
    return { kind, user: parsed.user, secretHash: await sha256Hex(parsed.secret) };
  }
  const cookieDomain = options.cookieDomain !== undefined ? options.cookieDomain : options.env ? readAuthConfig(options.env).cookieDomain : null;
  const value = readCookie(request.headers.get("cookie"), sessionCookieName(new URL(request.url), cookieDomain));
  if (value === null) return null;
  const parsed = parseSessionValue(value);
  return { kind: "session", user: parsed.user, secretHash: await sha256Hex(parsed.secret) };
}
