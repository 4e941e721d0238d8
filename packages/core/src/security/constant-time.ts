const encoder = new TextEncoder();

function bytes(value: string | ArrayBuffer | ArrayBufferView): ArrayBuffer | ArrayBufferView {
  return typeof value === "string" ? encoder.encode(value) : value;
}

/**
 * Compares two byte sequences in time that depends only on their length, never
 * on where they differ. Sequences of different lengths are unequal (and that is
 * all the comparison reveals); use {@link constantTimeEqual} for secrets whose
 * length must stay hidden too.
 *
 * @example
 * ```ts
 * declare const expected: Uint8Array, received: Uint8Array; // the HMAC you computed, the one a request sent
 * if (!timingSafeEqualBytes(expected, received)) return jsonError(401, "bad_signature", "bad signature");
 * ```
 */
export function timingSafeEqualBytes(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * Compares a secret with a candidate (a token, a password, a signature) without
 * revealing through timing where they differ or how long the secret is: both
 * are hashed with SHA-256 first, then the fixed-length digests are compared in
 * constant time. An empty secret never matches, so an unset secret locks the
 * door instead of opening it.
 *
 * @example
 * ```ts
 * if (!(await constantTimeEqual(env.STUDIO_TOKEN, bearerToken(request) ?? ""))) {
 *   return jsonError(401, "unauthorized", "missing or wrong token");
 * }
 * ```
 */
export async function constantTimeEqual(
  secret: string | ArrayBuffer | ArrayBufferView | undefined,
  candidate: string | ArrayBuffer | ArrayBufferView,
): Promise<boolean> {
  const expected = secret === undefined ? new Uint8Array(0) : bytes(secret);
  const [left, right] = await Promise.all([
    crypto.subtle.digest("SHA-256", expected),
    crypto.subtle.digest("SHA-256", bytes(candidate)),
  ]);
  // Both digests are always computed and compared, so an empty secret costs the same time.
  return crypto.subtle.timingSafeEqual(left, right) && expected.byteLength > 0;
}
