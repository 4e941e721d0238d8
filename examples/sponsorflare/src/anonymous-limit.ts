import { hasSignedCredential } from "@userdo/auth";
import { UserDOError } from "@userdo/core";
import { type RateLimitResult, rateLimiter } from "@userdo/ratelimit";

/** Requests per minute an anonymous IP gets unless `ANONYMOUS_PER_MINUTE` says otherwise. */
export const DEFAULT_ANONYMOUS_PER_MINUTE = 60;

const limiter = rateLimiter({
  objects: (env: Env) => env.RATE_LIMITER,
  tiers: {
    // One bucket per IP (IPv6 per /64), refilled continuously over the minute.
    anonymous: (facts: { perMinute: number }) => ({ name: "anonymous", limit: facts.perMinute, window: 60 }),
  },
});

function perMinute(env: Env): number {
  const raw = env.ANONYMOUS_PER_MINUTE ?? String(DEFAULT_ANONYMOUS_PER_MINUTE);
  const value = Number(raw);
  if (!/^[0-9]{1,7}$/.test(raw) || value < 1) {
    throw new UserDOError(500, "bad_config", "ANONYMOUS_PER_MINUTE must be a whole number of requests, at least 1");
  }
  return value;
}

/**
 * True when the request must count against its IP's limit: it presents no
 * credential this app signed. That is an anonymous visitor, a malformed or
 * forged credential, and, when the app does not sign (no `AUTH_SIGNING_KEY`:
 * local tests, or `AUTH_UNSIGNED=true`), every credential, since only the
 * object it names could tell a forged one, and calling that object wakes and
 * creates it. Checked in the Worker, before any object is called.
 */
export async function countsAgainstIp(request: Request, env: Env): Promise<boolean> {
  return !(await hasSignedCredential(request, { env }));
}

/**
 * Counts a request against its IP's bucket: one limiter call. Callers with a
 * signed credential are not counted here; the paid route charges them instead.
 *
 * @example
 * ```ts
 * const limited = await limitAnonymous(request, env);
 * if (!limited.allowed) return limited.response(); // 429 with Retry-After and RateLimit headers
 * return limited.apply(await app(request, env));
 * ```
 */
export function limitAnonymous(request: Request, env: Env): Promise<RateLimitResult> {
  return limiter(request, env, { tier: "anonymous", facts: { perMinute: perMinute(env) } });
}
