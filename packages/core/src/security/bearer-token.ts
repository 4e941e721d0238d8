/**
 * The token of an `Authorization: Bearer <token>` header, or null when the
 * header is missing, uses another scheme, or carries no token. The scheme is
 * case-insensitive (RFC 9110); the token is returned exactly as sent.
 *
 * @example
 * ```ts
 * const token = bearerToken(request); // "s3cret" for "Authorization: Bearer s3cret"
 * ```
 */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}
