import { constantTimeEqual } from "@userdo/core";
import { toHex } from "./secrets.js";

/**
 * How the Worker signs credentials (`AUTH_SIGNING_KEY`): a tag, an HMAC of
 * the user and the secret, rides in every session cookie and token, so a
 * forged credential is refused in the Worker without waking any object.
 */
export interface CredentialSigning {
  /** The first key signs; every key verifies (list the old one second while rotating). */
  readonly keys: readonly string[];
  /** Refuse an untagged credential in the Worker (true), or leave it to the object (false: while credentials issued before the key are still live). */
  readonly required: boolean;
}

/** A tag: the first 16 bytes of the HMAC-SHA256, in hex. */
export const TAG_PATTERN = /^[0-9a-f]{32}$/;

// Per isolate: importing a key costs more than signing with it.
const imported = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = imported.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    imported.set(secret, key);
  }
  return key;
}

/**
 * The tag of a credential under `key`. The kind is signed too, so a
 * session's tag never passes for a token's.
 *
 * @example
 * ```ts
 * const tag = await credentialTag("a-signing-key-of-32-characters-or-more", "token", "583231", "the-secret"); // 32 hex characters
 * ```
 */
export async function credentialTag(
  key: string,
  kind: "session" | "token",
  user: string,
  secret: string,
): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(key),
    new TextEncoder().encode(`userdo-credential\n${kind}\n${user}\n${secret}`),
  );
  return toHex(new Uint8Array(mac, 0, 16));
}

/** True when `tag` is the credential's tag under one of the keys (compared in constant time). */
export async function hasValidTag(
  keys: readonly string[],
  kind: "session" | "token",
  user: string,
  secret: string,
  tag: string,
): Promise<boolean> {
  let valid = false;
  for (const key of keys) {
    // Every key is tried, so the time does not tell which one matched.
    if (await constantTimeEqual(await credentialTag(key, kind, user, secret), tag)) valid = true;
  }
  return valid;
}

/**
 * The tag for a credential being issued: signed with the first key, or null
 * when the app does not sign.
 */
export function issueTag(
  signing: CredentialSigning | null,
  kind: "session" | "token",
  user: string,
  secret: string,
): Promise<string | null> {
  return signing === null ? Promise.resolve(null) : credentialTag(signing.keys[0]!, kind, user, secret);
}
