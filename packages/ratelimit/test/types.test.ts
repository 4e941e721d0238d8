// Compile-time checks of the public types (run by `tsc`); the runtime test only keeps vitest honest.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { rateLimiter } from "../src/index.js";

const ratelimit = rateLimiter({
  objects: (e: Cloudflare.Env) => e.RATE_LIMITER,
  tiers: {
    anonymous: { name: "anon", limit: 5, window: 60 },
    paying: (facts: { spentCents: number }) => ({ name: "paying", limit: 10 + facts.spentCents, window: 60 }),
  },
});

describe("rateLimiter's types", () => {
  it("require the facts a computed tier needs, and refuse facts elsewhere", async () => {
    const request = new Request("https://x/");
    const calls = [
      () => ratelimit(request, env, { tier: "anonymous", key: "types-a", now: 1 }),
      () => ratelimit(request, env, { tier: "paying", key: "types-b", facts: { spentCents: 1 }, now: 1 }),
      // @ts-expect-error: the paying tier needs its facts
      () => ratelimit(request, env, { tier: "paying", key: "types-c" }),
      // @ts-expect-error: facts of the wrong shape
      () => ratelimit(request, env, { tier: "paying", key: "types-d", facts: { spent: 1 } }),
      // @ts-expect-error: the anonymous tier takes no facts
      () => ratelimit(request, env, { tier: "anonymous", facts: { spentCents: 1 } }),
      // @ts-expect-error: no such tier
      () => ratelimit(request, env, { tier: "gold" }),
    ];
    expect((await calls[0]!()).decision.policies[0]!.limit).toBe(5);
    expect((await calls[1]!()).decision.policies[0]!.limit).toBe(11);
  });
});
