import { ConfigurationError, jsonError } from "@userdo/core";
import { rateLimitHeaders } from "../headers/ratelimit-headers.js";
import type { RateLimitDecision } from "../shared/decision.js";

/**
 * The outcome of `ratelimit(request, env, { tier })`: whether the request may
 * go on, and the headers that tell the client its budget.
 *
 * @example
 * ```ts
 * const limited = await ratelimit(request, env, { tier: "anonymous" });
 * if (!limited.allowed) return limited.response();       // 429 with Retry-After
 * return limited.apply(await app(request, env)); // remaining budget on the answer
 * ```
 */
export class RateLimitResult {
  readonly decision: RateLimitDecision;

  constructor(decision: RateLimitDecision) {
    this.decision = decision;
  }

  get allowed(): boolean {
    return this.decision.allowed;
  }

  /** Seconds to wait before retrying; 0 when allowed. */
  get retryAfter(): number {
    return this.decision.retryAfter;
  }

  /** `RateLimit-Policy`, `RateLimit` and, when denied, `Retry-After`: a fresh copy each call. */
  headers(): Headers {
    return rateLimitHeaders(this.decision);
  }

  /**
   * The 429 answer for a denied request: `{"error": "...", "code": "rate_limited"}`
   * with the rate-limit headers. Throws when the request was allowed: answering
   * 429 to an allowed request would be a bug in the caller.
   */
  response(): Response {
    if (this.allowed) {
      throw new ConfigurationError(
        "rate_limit_allowed",
        "the request was allowed; there is no 429 to answer (check `allowed` before calling response())",
      );
    }
    return jsonError(429, "rate_limited", `rate limit exceeded; retry in ${this.retryAfter} s`, this.headers());
  }

  /** A copy of `response` with the rate-limit headers added (its own headers may be immutable). */
  apply(response: Response): Response {
    const copy = new Response(response.body, response);
    rateLimitHeaders(this.decision, copy.headers);
    return copy;
  }
}
