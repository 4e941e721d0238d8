import type { ExistingWithLimits, QuickSweepLimiter, RateLimiterDO } from "./worker.js";

declare global {
  namespace Cloudflare {
    interface Env {
      RATE_LIMITER: DurableObjectNamespace<RateLimiterDO>;
      QUICK_SWEEP: DurableObjectNamespace<QuickSweepLimiter>;
      EXISTING: DurableObjectNamespace<ExistingWithLimits>;
      EDGE_LIMIT: RateLimit;
    }
  }
}
