// Webhook signatures made the way GitHub and Stripe make them: HMAC-SHA256 with a test secret.

const encoder = new TextEncoder();

function bytes(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body;
}

async function hmacHex(secret: string, payload: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, payload);
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * `X-Hub-Signature-256` for a body (its exact bytes, valid UTF-8 or not).
 *
 * @example
 * ```ts
 * headers["x-hub-signature-256"] = await githubSignature("test-secret", body);
 * ```
 */
export async function githubSignature(secret: string, body: string | Uint8Array): Promise<string> {
  return `sha256=${await hmacHex(secret, bytes(body))}`;
}

/**
 * `Stripe-Signature` for a body at a time (seconds): `t=<ts>,v1=<hmac of "ts.body">`.
 *
 * @example
 * ```ts
 * headers["stripe-signature"] = await stripeSignature("whsec_test", body);
 * ```
 */
export async function stripeSignature(
  secret: string,
  body: string | Uint8Array,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<string> {
  const prefix = encoder.encode(`${timestamp}.`);
  const payload = new Uint8Array(prefix.byteLength + bytes(body).byteLength);
  payload.set(prefix);
  payload.set(bytes(body), prefix.byteLength);
  return `t=${timestamp},v1=${await hmacHex(secret, payload)}`;
}
