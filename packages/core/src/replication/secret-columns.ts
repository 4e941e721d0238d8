/**
 * Column names that usually hold secrets (tokens, password or session hashes,
 * keys). A table with such a column replicates only through an explicit
 * `columns` allow-list: the developer names what may leave the object.
 */
const SECRET_WORDS =
  /(^|_)(secret|secrets|token|tokens|password|passwd|pwd|hash|salt|apikey|api_key|private_key|privatekey|session|sessions|otp|cookie|credential|credentials|signature)($|_)/i;

/**
 * True when a column name looks like it holds a secret.
 *
 * @example
 * ```ts
 * looksSecret("token_hash"); // true
 * looksSecret("title");      // false
 * ```
 */
export function looksSecret(column: string): boolean {
  return SECRET_WORDS.test(column);
}
