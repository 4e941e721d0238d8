/**
 * Column names that usually hold secrets (tokens, password or session hashes,
 * keys). A table with such a column replicates only through an explicit
 * `columns` allow-list: the developer names what may leave the object.
 *
 * A name is read as words, whatever its case style: `access_token`,
 * `accessToken`, `AccessToken`, `ACCESS-TOKEN` and `accesstoken` are the same
 * secret. The check leans towards "secret": a name wrongly flagged costs an
 * allow-list, a secret wrongly passed leaves the object for good. The only
 * names let through are those that measure or date a secret rather than hold
 * it (`tokenCount`, `max_tokens`, `tokenExpiresAt`).
 */

// Words that are a secret on their own.
const SECRET_WORDS = new Set([
  "secret",
  "secrets",
  "token",
  "tokens",
  "password",
  "passwords",
  "passwd",
  "pwd",
  "passphrase",
  "hash",
  "hashes",
  "salt",
  "apikey",
  "privatekey",
  "session",
  "sessions",
  "otp",
  "totp",
  "jwt",
  "cookie",
  "cookies",
  "credential",
  "credentials",
  "signature",
  "signatures",
]);

// Endings of words run together without a separator (`accesstoken`, `clientsecret`, `passwordhash`).
const SECRET_ENDINGS = [
  "token",
  "tokens",
  "secret",
  "secrets",
  "password",
  "passwd",
  "passphrase",
  "hash",
  "apikey",
  "privatekey",
  "accesskey",
  "secretkey",
  "signingkey",
  "encryptionkey",
  "credentials",
];

// "<qualifier> key" is a secret key (`api_key`, `privateKey`, `awsAccessKey`); a key alone is not.
const KEY_QUALIFIERS = new Set(["api", "private", "access", "secret", "signing", "encryption", "master"]);

// After the secret: the name measures or dates it (`token_count`, `tokenExpiresAt`).
const MEASURES_AFTER = new Set([
  "count",
  "counts",
  "total",
  "used",
  "usage",
  "limit",
  "limits",
  "remaining",
  "max",
  "min",
  "length",
  "len",
  "size",
  "budget",
  "spent",
  "expires",
  "expiry",
  "expiration",
  "ttl",
  "at",
]);
// Before the secret: the same (`max_tokens`, `totalTokens`).
const MEASURES_BEFORE = new Set(["max", "min", "total", "num", "count"]);

/** The words of a name in any case style, lower-cased: `OAuthTokenHash2` -> o, auth, token, hash, 2. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])([0-9])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

function isSecretWord(list: readonly string[], i: number): boolean {
  const word = list[i]!;
  if (SECRET_WORDS.has(word)) return true;
  if (SECRET_ENDINGS.some((end) => word.length > end.length && word.endsWith(end))) return true;
  return (word === "key" || word === "keys") && i > 0 && KEY_QUALIFIERS.has(list[i - 1]!);
}

/**
 * True when a column name looks like it holds a secret.
 *
 * @example
 * ```ts
 * looksSecret("token_hash");  // true
 * looksSecret("accessToken"); // true
 * looksSecret("tokenCount");  // false: it counts tokens, it holds none
 * looksSecret("title");       // false
 * ```
 */
export function looksSecret(column: string): boolean {
  const list = words(column);
  const secret = list.flatMap((_, i) => (isSecretWord(list, i) ? [i] : []));
  if (secret.length === 0) return false;
  const measuredAfter = list.slice(secret[secret.length - 1]! + 1).some((w) => MEASURES_AFTER.has(w));
  const measuredBefore = list.slice(0, secret[0]).some((w) => MEASURES_BEFORE.has(w));
  return !(measuredAfter || measuredBefore);
}
