/**
 * The request's URL without query or fragment: a query may carry secrets, the ledger never does.
 *
 * @example
 * ```ts
 * sourceOf(new Request("https://api.example/v1/run?key=s3cret")); // "https://api.example/v1/run"
 * ```
 */
export function sourceOf(request: Request): string {
  const url = new URL(request.url);
  return `${url.origin}${url.pathname}`;
}
