import { UserDOError } from "@userdo/core";
import {
  type ParsedSecret,
  type PresentedCredential,
  parseSessionValue,
  parseToken,
} from "../credential/credential.js";
import { type CredentialSigning, hasValidTag } from "../security/credential-tag.js";
import { sha256Hex } from "../security/secrets.js";
import { type AuthEnv, readAuthConfig, readSigning, readUnsigned } from "./auth-env.js";
import { readCookie, sessionCookieName } from "./cookies.js";
import { assertSigningDefault } from "./signing-default.js";

/**
 * Where {@link readCredential} looks and what it checks: pass the env (reads
 * `COOKIE_DOMAIN`, `AUTH_SIGNING_KEY` and `AUTH_UNSIGNED`, and applies
 * signing by default), or the values themselves (then the caller has decided
 * about signing).
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
): Promise<PresentedCredential> {
  let signed = false;
  if (signing !== null) {
    if (parsed.tag === null) {
      if (signing.required)
        throw malformed(
          `the ${kind === "session" ? "session cookie" : "token"} is not signed; log in or create a token again`,
        );
    } else if (await hasValidTag(signing.keys, kind, parsed.user, parsed.secret, parsed.tag)) {
      signed = true;
    } else {
      throw malformed(`the ${kind === "session" ? "session cookie" : "token"} was not issued by this app`);
    }
  }
  return { kind, user: parsed.user, secretHash: await sha256Hex(parsed.secret), signed };
}

/** The signing settings from the options or the env (a bad value throws), and whether to apply signing by default. */
function signingOf(options: ReadCredentialOptions): { signing: CredentialSigning | null; byDefault: boolean } {
  if (options.signing !== undefined) return { signing: options.signing, byDefault: false };
  if (!options.env) return { signing: null, byDefault: false };
  return { signing: readSigning(options.env), byDefault: !readUnsigned(options.env) };
}

/** The one credential the request presents, unparsed: the Authorization header wins over the cookie. */
function presented(
  request: Request,
  options: ReadCredentialOptions,
): { kind: "token" | "session"; value: string } | null {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return { kind: "token", value: authorization };
  const cookieDomain =
    options.cookieDomain !== undefined
      ? options.cookieDomain
      : options.env
        ? readAuthConfig(options.env).cookieDomain
        : null;
  const value = readCookie(request.headers.get("cookie"), sessionCookieName(new URL(request.url), cookieDomain));
  return value === null ? null : { kind: "session", value };
}

/**
 * What the request presents, hashed so the object checks it synchronously:
 * `Authorization: Bearer udo_…`, Basic auth with the token as password
 * (`https://user:udo_…@host/`), or the session cookie. An Authorization header
 * wins over the cookie. Null when nothing is presented. Throws
 * `UserDOError(401)` before any object is called for a malformed value
 * (`malformed_credential`), with `AUTH_SIGNING_KEY` for one without a valid
 * tag, and, given the env, off localhost without a key unless
 * `AUTH_UNSIGNED=true` (`signing_key_missing`). `signed` says whether the
 * Worker verified it (see {@link PresentedCredential}).
 *
 * @example
 * ```ts
 * const credential = await readCredential(request, { env });
 * if (!credential) return jsonError(401, "unauthenticated", "log in first");
 * const me = await userStub(env.USERS, credential.user).authWhoAmI(credential); // null: expired or revoked
 * ```
 */
export async function readCredential(
  request: Request,
  options: ReadCredentialOptions = {},
): Promise<PresentedCredential | null> {
  // Only the settings this path needs are read: this runs on every request.
  const { signing, byDefault } = signingOf(options);
  const found = presented(request, options);
  if (found === null) return null;
  // Without a key, a presented credential is refused off localhost unless AUTH_UNSIGNED=true.
  if (byDefault) assertSigningDefault(signing, false, new URL(request.url), 401);
  if (found.kind === "token") {
    const { parsed } = fromAuthorization(found.value);
    return credentialOf("token", parsed, signing);
  }
  return credentialOf("session", parseSessionValue(found.value), signing);
}

/**
 * True when the request presents a credential the Worker verified was
 * issued by this app (its `AUTH_SIGNING_KEY` tag), before any object is
 * called. False for no credential, a malformed or forged one, and every
 * credential when the app does not sign: those requests must count against
 * their IP's rate limit like anonymous ones, since calling the object a
 * credential names wakes (and creates) it. A bad configuration still throws.
 *
 * @example
 * ```ts
 * if (!(await hasSignedCredential(request, { env }))) {
 *   const limited = await ratelimit(request, env, { tier: "anonymous" }); // by IP
 *   if (!limited.allowed) return limited.response();
 * }
 * ```
 */
export async function hasSignedCredential(request: Request, options: ReadCredentialOptions = {}): Promise<boolean> {
  try {
    return (await readCredential(request, options))?.signed === true;
  } catch (error) {
    if (error instanceof UserDOError && error.status === 401) return false;
    throw error;
  }
}
