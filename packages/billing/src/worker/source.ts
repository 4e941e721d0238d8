import { MAX_SOURCE_LENGTH } from "../shared/validate.js";

/**
 * The request's URL without query or fragment: a query may carry secrets, the
 * ledger never does. Clipped to the ledger's {@link MAX_SOURCE_LENGTH}
 * characters: a client's over-long path is its own business, never a refused charge.
 *
 * @example
 * ```ts
 * sourceOf(new Request("https://api.example/v1/run?key=s3cret")); // "https://api.example/v1/run"
 * ```
 */
export function sourceOf(request: Request): string {
  const url = new URL(request.url);
  return `${url.origin}${url.pathname}`.slice(0, MAX_SOURCE_LENGTH);
}
