// The Worker the ratelimit tests run against, written as an app would use the package.
import { DurableObject } from "cloudflare:workers";
import { UserDO, errorResponse, withPlugins } from "@userdo/core";
import { RateLimiterDO, type RateLimitResult, ratelimitPlugin, rateLimiter } from "../src/index.js";

export { RateLimiterDO };

/** A limiter with a short sweep interval and a small batch, to watch cleanup. */
export class QuickSweepLimiter extends withPlugins(
  UserDO,
  ratelimitPlugin({ ownsAlarm: true, sweep: { interval: 1_000, batch: 100 } }),
) {
  override async alarm(): Promise<void> {
    await this.sweepRateLimits({ inAlarm: true });
  }

  bucketCount(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_ratelimit_buckets").one().n;
  }

  alarmAt(): Promise<number | null> {
    return this.ctx.storage.getAlarm();
  }

  /** Stands for other code (a scheduler, the class's own) sharing the one alarm. */
  setOwnAlarm(at: number): Promise<void> {
    return this.ctx.storage.setAlarm(at);
  }
}

/** An existing Durable Object that knows nothing of userdo and keeps its alarm for itself. */
class Greeter extends DurableObject<Cloudflare.Env> {
  hello(name: string): string {
    return `hello ${name}`;
  }
}

export class ExistingWithLimits extends withPlugins(
  Greeter,
  ratelimitPlugin({ sweep: { interval: 1_000, batch: 50 } }),
) {
  bucketCount(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_ratelimit_buckets").one().n;
  }

  alarmAt(): Promise<number | null> {
    return this.ctx.storage.getAlarm();
  }
}

export const ratelimit = rateLimiter({
  objects: (env: Cloudflare.Env) => env.RATE_LIMITER,
  shards: 4,
  tiers: {
    anonymous: { name: "anon", limit: 5, window: 60 },
    user: [
      { name: "user", limit: 20, window: 60 },
      { name: "user-daily", limit: 100, window: 86_400 },
    ],
    // Paying users: the more they have spent, the higher the limit (10 more per dollar).
    paying: (facts: { spentCents: number }) => ({
      name: "paying",
      limit: 20 + Math.floor(facts.spentCents / 100) * 10,
      window: 60,
    }),
    edge: { binding: (env: Cloudflare.Env) => env.EDGE_LIMIT, policy: { name: "edge", limit: 3, window: 60 } },
  },
});

function optionalNumber(text: string | null): number | undefined {
  return text === null ? undefined : Number(text);
}

/**
 * `GET /api`: limited by IP when anonymous; by user (and spend) when the test
 * header `x-test-user` stands in for a logged-in session. `x-test-now` pins the
 * clock, `?spread=n` spreads the key, `?tier=edge` uses Cloudflare's binding.
 */
export default {
  async fetch(request, env): Promise<Response> {
    try {
      const url = new URL(request.url);
      const user = request.headers.get("x-test-user");
      const now = optionalNumber(request.headers.get("x-test-now"));
      const spentCents = Number(request.headers.get("x-test-spent") ?? 0);
      let limited: RateLimitResult;
      if (url.searchParams.get("tier") === "edge") {
        limited = await ratelimit(request, env, { tier: "edge" });
      } else if (user === null) {
        limited = await ratelimit(request, env, {
          tier: "anonymous",
          now,
          spread: optionalNumber(url.searchParams.get("spread")),
        });
      } else if (spentCents > 0) {
        limited = await ratelimit(request, env, { tier: "paying", key: `user:${user}`, facts: { spentCents }, now });
      } else {
        limited = await ratelimit(request, env, { tier: "user", key: `user:${user}`, now });
      }
      if (!limited.allowed) return limited.response();
      return limited.apply(Response.json({ ok: true }));
    } catch (error) {
      return errorResponse(error);
    }
  },
} satisfies ExportedHandler<Cloudflare.Env>;
