import { assertKey } from "../ledger/validate.js";

// One id per Request object when the edge gave none (local dev, tests):
// charging the same request twice still charges once.
const perRequest = new WeakMap<Request, string>();

/**
 * The idempotency key of a paid request: the caller's explicit key, else its
 * `Idempotency-Key` header, else the request's own id (`cf-ray`, which
 * Cloudflare's edge sets on every request), else an id made once per Request
 * object. So without a key a request is charged once per request, and a client
 * retry that carries the same `Idempotency-Key` is charged once.
 *
 * @example
 * ```ts
 * requestKey(request);            // "ray:8f3c2a…" on Cloudflare
 * requestKey(request, "order-7"); // "order-7"
 * ```
 */
export function requestKey(request: Request, explicit?: string | null): string {
  const given = explicit ?? request.headers.get("idempotency-key");
  if (given !== null && given !== undefined) {
    assertKey(given);
    return given;
  }
  const ray = request.headers.get("cf-ray");
  if (ray !== null && /^[0-9a-zA-Z-]{1,64}$/.test(ray)) return `ray:${ray}`;
  let id = perRequest.get(request);
  if (!id) perRequest.set(request, (id = `req:${crypto.randomUUID()}`));
  return id;
}
