import { UserDOError } from "@userdo/core";
import { TAG_PATTERN } from "../security/credential-tag.js";
import { isUserId } from "./user-id.js";

/**
 * What a request presents, already hashed in the Worker (SHA-256 hex of the
 * secret), so that checking it inside the user's object is synchronous. The
 * user's object name travels inside the credential, so no lookup is needed
 * before the one object call of a request.
 *
 * @example
 * ```ts
 * const credential = await readCredential(request); // { kind: "token", user: "583231", secretHash: "9f86…" }
 * ```
 */
export interface Credential {
  readonly kind: "session" | "token";
  /** The user's object name (`583231` for GitHub, `x-1849265` for X). */
  readonly user: string;
  /** SHA-256 of the secret, 64 lowercase hex characters. */
  readonly secretHash: string;
}

/**
 * A credential as {@link readCredential} reads it in the Worker: the
 * {@link Credential} to hand to the user's object, and whether the Worker
 * already verified it was issued by this app.
 *
 * @example
 * ```ts
 * const credential = await readCredential(request, { env });
 * if (credential && !credential.signed) await ratelimit(request, env, { tier: "anonymous" }); // only its object can tell: count it
 * ```
 */
export interface PresentedCredential extends Credential {
  /**
   * True when its tag was checked with `AUTH_SIGNING_KEY`: this app issued it
   * (it may still be expired or revoked, which only its object knows). False
   * without signing, or for a credential issued before the key under
   * `AUTH_SIGNING=optional`: it may be forged, and calling its object wakes
   * (and creates) whatever object it names.
   */
  readonly signed: boolean;
}

/** Secrets are 32 random bytes, written as 64 lowercase hex characters. */
export const SECRET_PATTERN = /^[0-9a-f]{64}$/;

const HASH_PATTERN = SECRET_PATTERN;

/** Prefix of every API token: `udo_<user>_<secret>`. */
export const TOKEN_PREFIX = "udo_";

/**
 * True when `value` has the shape of a {@link Credential} (it may still be invalid).
 *
 * @example
 * ```ts
 * isCredential({ kind: "token", user: "583231", secretHash: "9f86…" }); // true when the hash is 64 hex digits
 * ```
 */
export function isCredential(value: unknown): value is Credential {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    (c.kind === "session" || c.kind === "token") &&
    isUserId(c.user) &&
    typeof c.secretHash === "string" &&
    HASH_PATTERN.test(c.secretHash)
  );
}

/** The user, secret and tag inside a presented value, before hashing. */
export interface ParsedSecret {
  readonly user: string;
  readonly secret: string;
  /** The Worker's signature over user and secret (with `AUTH_SIGNING_KEY`); null on an unsigned credential. */
  readonly tag: string | null;
}

function split(rest: string, separator: string): { user: string; secret: string; tag: string | null } | null {
  const first = rest.indexOf(separator);
  if (first < 0) return null;
  const user = rest.slice(0, first);
  const [secret, tag, extra] = rest.slice(first + 1).split(separator);
  if (extra !== undefined || secret === undefined || !isUserId(user) || !SECRET_PATTERN.test(secret)) return null;
  if (tag !== undefined && !TAG_PATTERN.test(tag)) return null;
  return { user, secret, tag: tag ?? null };
}

function malformed(what: string): UserDOError {
  return new UserDOError(401, "malformed_credential", `the ${what} is malformed`);
}

/**
 * Reads a session cookie value, `<user>.<secret>` or, signed,
 * `<user>.<secret>.<tag>`.
 *
 * @example
 * ```ts
 * parseSessionValue("583231.9f86d081…"); // { user: "583231", secret: "9f86d081…", tag: null }
 * ```
 */
export function parseSessionValue(value: string): ParsedSecret {
  const parsed = split(value, ".");
  if (parsed === null) throw malformed("session cookie");
  return parsed;
}

/**
 * Reads an API token, `udo_<user>_<secret>` or, signed,
 * `udo_<user>_<secret>_<tag>`.
 *
 * @example
 * ```ts
 * parseToken("udo_583231_9f86d081…"); // { user: "583231", secret: "9f86d081…", tag: null }
 * ```
 */
export function parseToken(token: string): ParsedSecret {
  const parsed = token.startsWith(TOKEN_PREFIX) ? split(token.slice(TOKEN_PREFIX.length), "_") : null;
  if (parsed === null) throw malformed("token");
  return parsed;
}

/**
 * The session cookie value for a user and secret, with the tag when signed.
 *
 * @example
 * ```ts
 * formatSessionValue("583231", randomHex(32)); // "583231.9f86…"
 * ```
 */
export function formatSessionValue(user: string, secret: string, tag: string | null = null): string {
  return tag === null ? `${user}.${secret}` : `${user}.${secret}.${tag}`;
}

/**
 * The API token string for a user and secret, with the tag when signed.
 *
 * @example
 * ```ts
 * formatToken("583231", randomHex(32)); // "udo_583231_9f86…"
 * ```
 */
export function formatToken(user: string, secret: string, tag: string | null = null): string {
  return tag === null ? `${TOKEN_PREFIX}${user}_${secret}` : `${TOKEN_PREFIX}${user}_${secret}_${tag}`;
}
