import { UserDOError } from "@userdo/core";
import { base64urlToBytes, bytesToBase64url } from "./base64url.js";

/**
 * Authenticated encryption (AES-256-GCM) of small secrets at rest, such as a
 * provider's access token that the app chose to keep. The key is derived from
 * an app secret (`AUTH_SECRET`) with HKDF, so the same secret can serve other
 * purposes under other labels. The output is `v1.<iv>.<ciphertext>` in base64url.
 */

const LABEL = new TextEncoder().encode("userdo/auth/seal/v1");

async function keyFor(secret: string): Promise<CryptoKey> {
  if (secret.length < 32) throw new UserDOError(500, "weak_secret", "AUTH_SECRET must be at least 32 characters");
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: LABEL },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/**
 * Encrypts `plaintext` with a key derived from `secret`.
 *
 * @example
 * ```ts
 * const sealed = await sealSecret("gho_16C7e42F292c6912E7710c838347Ae178B4a", env.AUTH_SECRET ?? "");
 * ```
 */
export async function sealSecret(plaintext: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await keyFor(secret),
    new TextEncoder().encode(plaintext),
  );
  return `v1.${bytesToBase64url(iv)}.${bytesToBase64url(new Uint8Array(data))}`;
}

/**
 * Decrypts what {@link sealSecret} produced; throws when it was altered or
 * sealed with another secret.
 *
 * @example
 * ```ts
 * const token = await openSecret(readSealedProviderToken(this)!, this.env.AUTH_SECRET ?? "");
 * ```
 */
export async function openSecret(sealed: string, secret: string): Promise<string> {
  const [version, ivText, dataText] = sealed.split(".");
  const iv = base64urlToBytes(ivText ?? "");
  const data = base64urlToBytes(dataText ?? "");
  if (version !== "v1" || !iv || iv.byteLength !== 12 || !data)
    throw new UserDOError(500, "bad_sealed_secret", "not a sealed secret");
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv }, await keyFor(secret), data);
    return new TextDecoder().decode(plain);
  } catch (error) {
    throw new UserDOError(500, "bad_sealed_secret", "the sealed secret does not open with this key", { cause: error });
  }
}
