/** What a balance key starts with: `x402_<address hex>_<secret>`. */
export const BALANCE_KEY_PREFIX = "x402_";

const KEY = /^x402_([0-9a-f]{40})_([A-Za-z0-9_-]{43})$/;

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** SHA-256 hex of a key: what the wallet's object keeps, never the key. */
export async function keyHash(key: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
}

/**
 * A new balance key for a wallet: its address (so the Worker knows which
 * object to ask) and 32 random bytes.
 *
 * @example
 * ```ts
 * newBalanceKey("0x209693bc6afc0c5328ba36faf03c514ef312287c"); // "x402_209693bc…_Q2l0…"
 * ```
 */
export function newBalanceKey(address: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
  return `${BALANCE_KEY_PREFIX}${address.toLowerCase().slice(2)}_${secret}`;
}

/** The wallet address a well-formed key names (lowercased, with 0x), or null. */
export function keyAddress(key: string): string | null {
  const m = KEY.exec(key);
  return m ? `0x${m[1]}` : null;
}

/** The balance key an `Authorization: Bearer x402_…` header carries, or null for any other header. */
export function bearerBalanceKey(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const m = /^Bearer\s+(x402_\S*)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
