/**
 * Random secrets and their hashes. Secrets are 32 bytes from the platform's
 * CSPRNG in lowercase hex; only their SHA-256 is ever stored.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b];
  return out;
}

/**
 * `length` random bytes in hex.
 *
 * @example
 * ```ts
 * const secret = randomHex(32); // 64 hex characters
 * ```
 */
export function randomHex(length = 32): string {
  return toHex(crypto.getRandomValues(new Uint8Array(length)));
}

/** A public id for a listed row, e.g. `tok_3fa85f64a1b2c3d4e5f60718`. Not a secret. */
export function publicId(prefix: "ses" | "tok"): string {
  return `${prefix}_${randomHex(12)}`;
}

/**
 * SHA-256 of a string, in lowercase hex.
 *
 * @example
 * ```ts
 * const secretHash = await sha256Hex("the-secret");
 * ```
 */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}
