import { UserDOError } from "@userdo/core";
import type { CredentialSigning } from "../security/credential-tag.js";
import { isLocalhost } from "./local.js";

/**
 * The refusal of a deploy that would serve unsigned credentials without
 * having said so: what to set, either way. 404 on auth's routes (sign-in is
 * not available here), 401 where a presented credential is read.
 */
export function signingKeyMissing(status: 401 | 404): UserDOError {
  return new UserDOError(
    status,
    "signing_key_missing",
    "this deploy has no AUTH_SIGNING_KEY, so it cannot sign sessions and tokens: set one " +
      "(wrangler secret put AUTH_SIGNING_KEY, at least 32 random characters), or set AUTH_UNSIGNED=true " +
      "to serve unsigned credentials (only each user's object can then tell a forged one, and every " +
      "request counts against its IP's limit)",
  );
}

/**
 * Signing is the default: without a key, a request is served only on
 * localhost (dev) or when the operator opted out with `AUTH_UNSIGNED=true`.
 * Throws {@link signingKeyMissing} otherwise.
 */
export function assertSigningDefault(
  signing: CredentialSigning | null,
  unsigned: boolean,
  url: URL,
  status: 401 | 404,
): void {
  if (signing === null && !unsigned && !isLocalhost(url)) throw signingKeyMissing(status);
}
