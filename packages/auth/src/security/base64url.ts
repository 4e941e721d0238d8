/** base64url without padding, for values that travel in URLs and cookies. */
export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The bytes of a base64url value, or null when it is not one. */
export function base64urlToBytes(value: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return null;
  try {
    return Uint8Array.from(atob(value.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Text as base64url. */
export function encodeBase64url(text: string): string {
  return bytesToBase64url(new TextEncoder().encode(text));
}

/** The UTF-8 text of a base64url value, or null when it is not one. */
export function decodeBase64url(value: string): string | null {
  const bytes = base64urlToBytes(value);
  if (bytes === null) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}
