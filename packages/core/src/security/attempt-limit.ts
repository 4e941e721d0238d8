import { ConfigurationError } from "../errors.js";

/**
 * Counts failed attempts (wrong tokens, wrong passwords) per caller and says
 * when a caller has had too many. A route asks {@link AttemptLimit.retryAfter}
 * before it checks a credential, and reports each failure with
 * {@link AttemptLimit.failed}. Async, so an implementation may keep its counts
 * anywhere (a Durable Object, `@userdo/ratelimit`); core's own is
 * {@link memoryAttemptLimit}.
 *
 * @example
 * ```ts
 * const limit: AttemptLimit = memoryAttemptLimit({ attempts: 10, windowMs: 60_000 });
 * const ip = request.headers.get("cf-connecting-ip") ?? "no-ip";
 * const wait = await limit.retryAfter(ip);
 * if (wait > 0) return jsonError(429, "too_many_attempts", "too many failed attempts");
 * const ok = await constantTimeEqual(env.ADMIN_TOKEN, bearerToken(request) ?? "");
 * if (!ok) await limit.failed(ip);
 * ```
 */
export interface AttemptLimit {
  /** Seconds until `key` may try again; 0 when it may try now. */
  retryAfter(key: string): number | Promise<number>;
  /** Counts one failed attempt of `key`. */
  failed(key: string): void | Promise<void>;
}

/** Options of {@link memoryAttemptLimit}. */
export interface MemoryAttemptLimitOptions {
  /** Failed attempts allowed per window. Default: 10. */
  readonly attempts?: number;
  /** The window, in milliseconds, from a key's first failure. Default: 60,000 (a minute). */
  readonly windowMs?: number;
  /** Most keys remembered; the oldest go first. Default: 10,000. */
  readonly maxKeys?: number;
  /** The clock, for tests. Default: `Date.now`. */
  readonly now?: () => number;
}

/** {@link memoryAttemptLimit}'s limit: synchronous, as it needs no storage. */
export interface MemoryAttemptLimit extends AttemptLimit {
  retryAfter(key: string): number;
  failed(key: string): void;
}

interface Window {
  readonly start: number;
  failures: number;
}

/**
 * An {@link AttemptLimit} in the memory of one isolate: `attempts` failures
 * per key in a fixed window, then every attempt of that key is refused until
 * the window ends. It needs no storage and no dependency, so it is on by
 * default; but each isolate (and each Cloudflare location) counts on its own,
 * so a caller spread over many of them gets more tries. It is a brake on
 * guessing and noise, not a global quota: for one, pass an `AttemptLimit`
 * backed by a Durable Object. Memory is bounded (`maxKeys`).
 *
 * @example
 * ```ts
 * const limit = memoryAttemptLimit({ attempts: 5, windowMs: 300_000 }); // 5 per 5 minutes
 * ```
 */
export function memoryAttemptLimit(options: MemoryAttemptLimitOptions = {}): MemoryAttemptLimit {
  const attempts = options.attempts ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new ConfigurationError("bad_attempt_limit", "memoryAttemptLimit: attempts must be an integer >= 1");
  if (!(windowMs > 0)) throw new ConfigurationError("bad_attempt_limit", "memoryAttemptLimit: windowMs must be > 0");
  const windows = new Map<string, Window>();

  const current = (key: string, at: number): Window | undefined => {
    const window = windows.get(key);
    if (window && at - window.start >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return window;
  };

  return Object.freeze({
    retryAfter(key: string): number {
      const at = now();
      const window = current(key, at);
      if (!window || window.failures < attempts) return 0;
      return Math.max(1, Math.ceil((window.start + windowMs - at) / 1000));
    },
    failed(key: string): void {
      const at = now();
      const window = current(key, at);
      if (window) {
        window.failures++;
        return;
      }
      if (windows.size >= maxKeys) {
        // Oldest first: a Map iterates in insertion order.
        const oldest = windows.keys().next();
        if (!oldest.done) windows.delete(oldest.value);
      }
      windows.set(key, { start: at, failures: 1 });
    },
  });
}
