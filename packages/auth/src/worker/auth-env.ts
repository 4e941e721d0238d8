import { UserDOError } from "@userdo/core";
import { isUserId } from "../credential/user-id.js";
import type { CredentialSigning } from "../security/credential-tag.js";

/**
 * The Worker environment auth reads, all strings (vars or secrets). Each is
 * documented in `.dev.vars.example`.
 *
 * @example
 * ```ts
 * interface Env extends AuthEnv { USERS: DurableObjectNamespace<UserObject> }
 * ```
 */
export interface AuthEnv {
  /** OAuth app client id (GitHub > Settings > Developer settings > OAuth Apps). */
  readonly GITHUB_CLIENT_ID?: string;
  /** OAuth app client secret: a secret (`wrangler secret put`). */
  readonly GITHUB_CLIENT_SECRET?: string;
  /** The callback URL registered with GitHub; default `<origin>/oauth/callback`. */
  readonly GITHUB_REDIRECT_URI?: string;
  /** OAuth 2.0 client id of an X app (developer.x.com > your app > Keys and tokens); enables X login. */
  readonly X_CLIENT_ID?: string;
  /** The X app's OAuth 2.0 client secret: a secret (`wrangler secret put`). */
  readonly X_CLIENT_SECRET?: string;
  /** The callback URL registered with X; default `<origin>/oauth/x/callback`. */
  readonly X_REDIRECT_URI?: string;
  /** Where a login lands when no `redirect_uri` is given; default `/`. */
  readonly LOGIN_REDIRECT_URI?: string;
  /** The admin's user id: a GitHub numeric id, or `x-<id>` for an X account. A login is refused (renames). */
  readonly ADMIN_OWNER_ID?: string;
  /** Share the session across subdomains of this explicit domain (`example.com`). */
  readonly COOKIE_DOMAIN?: string;
  /** `true` enables dev login without GitHub, on localhost only. */
  readonly SKIP_LOGIN?: string;
  /** At least 32 characters; seals a kept provider token. */
  readonly AUTH_SECRET?: string;
  /**
   * At least 32 characters: signs every session and token, so a forged one is
   * refused in the Worker without waking an object. `new,old` while rotating.
   */
  readonly AUTH_SIGNING_KEY?: string;
  /** `required` (default with a key) or `optional` (also accept unsigned credentials issued before the key). */
  readonly AUTH_SIGNING?: string;
  /**
   * `true` serves auth without `AUTH_SIGNING_KEY` off localhost: an explicit
   * opt-out of signing (then only each user's object can tell a forged
   * credential, and every request counts against its IP). Ignored with a key.
   */
  readonly AUTH_UNSIGNED?: string;
}

/** The configuration read and checked from {@link AuthEnv}. */
export interface AuthConfig {
  readonly githubClientId: string | null;
  readonly githubClientSecret: string | null;
  readonly githubRedirectUri: string | null;
  readonly xClientId: string | null;
  readonly xClientSecret: string | null;
  readonly xRedirectUri: string | null;
  readonly loginRedirectUri: string | null;
  readonly adminOwner: string | null;
  readonly cookieDomain: string | null;
  readonly skipLogin: boolean;
  readonly authSecret: string | null;
  /** Null without `AUTH_SIGNING_KEY`: credentials are unsigned and only the object checks them. */
  readonly signing: CredentialSigning | null;
  /** `AUTH_UNSIGNED=true`: the operator opted out of signing (only matters without a key). */
  readonly unsigned: boolean;
}

const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function misconfigured(message: string): UserDOError {
  return new UserDOError(500, "auth_misconfigured", message);
}

/** `AUTH_SIGNING_KEY` and `AUTH_SIGNING`, checked; null without a key. Read alone on the credential path. */
export function readSigning(env: AuthEnv): CredentialSigning | null {
  const mode = text(env.AUTH_SIGNING)?.toLowerCase() ?? null;
  if (mode !== null && mode !== "required" && mode !== "optional")
    throw misconfigured("AUTH_SIGNING must be required or optional");
  const raw = text(env.AUTH_SIGNING_KEY);
  if (raw === null) {
    if (mode !== null) throw misconfigured("AUTH_SIGNING needs AUTH_SIGNING_KEY");
    return null;
  }
  const keys = raw.split(",").map((key) => key.trim());
  if (keys.length > 4 || keys.some((key) => key.length < 32)) {
    throw misconfigured("AUTH_SIGNING_KEY must be up to 4 comma-separated keys of at least 32 characters each");
  }
  return { keys, required: mode !== "optional" };
}

/** `AUTH_UNSIGNED`, checked: true or false (default false). Read alone on the credential path. */
export function readUnsigned(env: AuthEnv): boolean {
  const value = text(env.AUTH_UNSIGNED)?.toLowerCase() ?? null;
  if (value !== null && value !== "true" && value !== "false")
    throw misconfigured("AUTH_UNSIGNED must be true or false");
  return value === "true";
}

/**
 * Reads and checks the auth configuration. A bad value is a 500 naming the
 * variable, never a silent fallback (a wrong cookie domain must not "work").
 *
 * @example
 * ```ts
 * const config = readAuthConfig(env); // { cookieDomain: "example.com", skipLogin: false, ... }
 * ```
 */
export function readAuthConfig(env: AuthEnv): AuthConfig {
  const raw = text(env.COOKIE_DOMAIN)?.toLowerCase() ?? null;
  // A leading dot is legacy syntax for the same thing; the domain itself is explicit.
  const cookieDomain = raw?.startsWith(".") ? raw.slice(1) : raw;
  if (cookieDomain !== null && !DOMAIN.test(cookieDomain)) {
    throw misconfigured("COOKIE_DOMAIN must be a domain name such as example.com");
  }
  const skip = text(env.SKIP_LOGIN)?.toLowerCase() ?? null;
  if (skip !== null && skip !== "true" && skip !== "false") throw misconfigured("SKIP_LOGIN must be true or false");
  const adminOwner = text(env.ADMIN_OWNER_ID);
  if (adminOwner !== null && !isUserId(adminOwner)) {
    // A login is refused, not looked up: logins can be renamed and re-registered by anyone.
    throw misconfigured(
      "ADMIN_OWNER_ID must be a user id: a GitHub numeric id (583231) or x-<id> for an X account. " +
        "A login is not accepted because it can be renamed and then taken by someone else; " +
        'your GitHub id is the "id" at https://api.github.com/users/<your login>',
    );
  }
  const authSecret = text(env.AUTH_SECRET);
  if (authSecret !== null && authSecret.length < 32) throw misconfigured("AUTH_SECRET must be at least 32 characters");
  return {
    signing: readSigning(env),
    unsigned: readUnsigned(env),
    githubClientId: text(env.GITHUB_CLIENT_ID),
    githubClientSecret: text(env.GITHUB_CLIENT_SECRET),
    githubRedirectUri: text(env.GITHUB_REDIRECT_URI),
    xClientId: text(env.X_CLIENT_ID),
    xClientSecret: text(env.X_CLIENT_SECRET),
    xRedirectUri: text(env.X_REDIRECT_URI),
    loginRedirectUri: text(env.LOGIN_REDIRECT_URI),
    adminOwner,
    cookieDomain,
    skipLogin: skip === "true",
    authSecret,
  };
}
