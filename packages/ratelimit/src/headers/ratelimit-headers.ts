import type { RateLimitDecision } from "../shared/decision.js";

/**
 * Which revision of the IETF draft "RateLimit header fields for HTTP" the
 * headers follow: draft-ietf-httpapi-ratelimit-headers-11 (May 2026), the
 * Structured Fields form that -08 introduced:
 *
 * ```
 * RateLimit-Policy: "anon";q=60;w=60
 * RateLimit: "anon";r=59;t=1
 * ```
 *
 * - `q`: the quota (the policy's `limit`), `w`: its window in seconds;
 * - `r`: units available now; `t`: seconds during which `r` is all the client
 *   can use, i.e. until one more unit refills (left out when the bucket is full,
 *   and on a 429 equal to `Retry-After` for a one-unit request);
 * - no `pk` (partition key): it would echo the client's IP or user id back.
 *
 * Lists are serialized as RFC 8941 does, members separated by ", ".
 *
 * @example
 * ```ts
 * response.headers.set("X-RateLimit-Spec", RATELIMIT_DRAFT);
 * ```
 */
export const RATELIMIT_DRAFT = "draft-ietf-httpapi-ratelimit-headers-11";

/**
 * The `RateLimit-Policy` field value for a decision's policies.
 *
 * @example
 * ```ts
 * declare const decision: RateLimitDecision;
 * rateLimitPolicyField(decision); // "\"anon\";q=60;w=60"
 * ```
 */
export function rateLimitPolicyField(decision: RateLimitDecision): string {
  return decision.policies.map((p) => `"${p.name}";q=${p.limit};w=${p.window}`).join(", ");
}

/**
 * The `RateLimit` field value, or null when no policy's remaining quota is
 * known (the draft requires `r`; Cloudflare's binding does not tell it).
 *
 * @example
 * ```ts
 * declare const decision: RateLimitDecision;
 * rateLimitField(decision); // "\"anon\";r=59;t=1"
 * ```
 */
export function rateLimitField(decision: RateLimitDecision): string | null {
  const items = decision.policies
    .filter((p) => p.remaining !== null)
    .map((p) => `"${p.name}";r=${p.remaining}${p.reset > 0 ? `;t=${p.reset}` : ""}`);
  return items.length > 0 ? items.join(", ") : null;
}

/**
 * Sets `RateLimit-Policy`, `RateLimit` and, on a denial, `Retry-After` (whole
 * seconds) on `headers` (new ones when omitted), and returns them.
 *
 * @example
 * ```ts
 * declare const decision: RateLimitDecision;
 * const headers = rateLimitHeaders(decision, response.headers);
 * ```
 */
export function rateLimitHeaders(decision: RateLimitDecision, headers: Headers = new Headers()): Headers {
  headers.set("RateLimit-Policy", rateLimitPolicyField(decision));
  const field = rateLimitField(decision);
  if (field === null) headers.delete("RateLimit");
  else headers.set("RateLimit", field);
  if (decision.allowed) headers.delete("Retry-After");
  else headers.set("Retry-After", String(decision.retryAfter));
  return headers;
}
