import { assertKey } from "../shared/validate.js";

/** The header a client sends so that a retry of a paid request is recognised (Stripe's name). */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/**
 * The idempotency key of a paid request: the caller's explicit key, else the
 * client's `Idempotency-Key` header, else null. Never made up: a key the
 * client cannot send again (a random id, the edge's `cf-ray`) would make a
 * retry look new and a replay look old. Without a key each request is its own
 * paid request; a client that wants a retry charged once sends the same
 * `Idempotency-Key` with it. A key that is not 1 to 255 visible ASCII
 * characters is a 400.
 *
 * @example
 * ```ts
 * requestKey(request);            // the Idempotency-Key header, or null
 * requestKey(request, "order-7"); // "order-7"
 * ```
 */
export function requestKey(request: Request, explicit?: string | null): string | null {
  const given = explicit ?? request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (given === null || given === undefined) return null;
  assertKey(given);
  return given;
}
