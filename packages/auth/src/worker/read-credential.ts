import { UserDOError } from "@userdo/core";
import { type Credential, type ParsedSecret, parseSessionValue, parseToken } from "../credential/credential.js";
import { type CredentialSigning, hasValidTag } from "../security/credential-tag.js";
import { sha256Hex } from "../security/secrets.js";
import { type AuthEnv, readAuthConfig, readSigning } from "./auth-env.js";
import { readCookie, sessionCookieName } from "./cookies.js";

/**
 * Where {@link readCredential} looks and what it checks: pass the env (reads
 * `COOKIE_DOMAIN` and `AUTH_SIGNING_KEY`), or both values themselves.
 */
export interface ReadCredentialOptions {
  readonly env?: AuthEnv;
  readonly cookieDomain?: string | null;
  readonly signing?: CredentialSigning | null;
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

/** Checks the tag with `AUTH_SIGNING_KEY` set, and hashes the secret. */
async function credentialOf(
  kind: "session" | "token",
  parsed: ParsedSecret,
  signing: CredentialSigning | null,
): Promise<Credential> {
  if (signing !== null) {
    if (parsed.tag === null) {
      if (signing.required)
        throw malformed(
          `the ${kind === "session" ? "session cookie" : "token"} is not signed; log in or create a token again`,
        );
    } else if (!(await hasValidTag(signing.keys, kind, parsed.user, parsed.secret, parsed.tag))) {
      throw malformed(`the ${kind === "session" ? "session cookie" : "token"} was not issued by this app`);
    }
  }
  return { kind, user: parsed.user, secretHash: await sha256Hex(parsed.secret) };
}

/**
 * What the request presents, hashed so the object checks it synchronously:
 * `Authorization: Bearer udo_…`, Basic auth with the token as password
 * (`https://user:udo_…@host/`), or the session cookie. An Authorization header
 * wins over the cookie. Null when nothing is presented; a malformed value,
 * or with `AUTH_SIGNING_KEY` one without a valid tag, throws
 * `UserDOError(401, "malformed_credential")` before any object is called.
 *
 * @example
 * ```ts
 * const credential = await readCredential(request, { env });
 * if (credential) return stub.charge(credential, 5, idempotencyKey);
 * ```
 */
export async function readCredential(
  request: Request,
  options: ReadCredentialOptions = {},
): Promise<Credential | null> {
  // Only the settings this path needs are read: this runs on every authenticated request.
  const signing = options.signing !== undefined ? options.signing : options.env ? readSigning(options.env) : null;
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const { kind, parsed } = fromAuthorization(authorization);
    return credentialOf(kind, parsed, signing);
  }
  const cookieDomain =
    options.cookieDomain !== undefined
      ? options.cookieDomain
      : options.env
        ? readAuthConfig(options.env).cookieDomain
        : null;
  const value = readCookie(request.headers.get("cookie"), sessionCookieName(new URL(request.url), cookieDomain));
  if (value === null) return null;
  return credentialOf("session", parseSessionValue(value), signing);
}
