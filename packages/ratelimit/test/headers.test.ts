import { describe, expect, it } from "vitest";
import { RATELIMIT_DRAFT, type RateLimitDecision, rateLimitHeaders } from "../src/index.js";

const denied: RateLimitDecision = {
  allowed: false,
  retryAfter: 7,
  policies: [
    { name: "burst", limit: 10, window: 1, remaining: 0, reset: 7 },
    { name: "daily", limit: 1000, window: 86_400, remaining: 400, reset: 87 },
  ],
};

describe("the RateLimit header fields", () => {
  it("follow the structured-field form of draft -11", () => {
    expect(RATELIMIT_DRAFT).toBe("draft-ietf-httpapi-ratelimit-headers-11");
    const headers = rateLimitHeaders(denied);
    expect([...headers]).toEqual([
      ["ratelimit", '"burst";r=0;t=7, "daily";r=400;t=87'],
      ["ratelimit-policy", '"burst";q=10;w=1, "daily";q=1000;w=86400'],
      ["retry-after", "7"],
    ]);
  });

  it("leave out t for a full bucket and Retry-After for an allowed request", () => {
    const full: RateLimitDecision = {
      allowed: true,
      retryAfter: 0,
      policies: [{ name: "p", limit: 5, window: 60, remaining: 5, reset: 0 }],
    };
    const headers = rateLimitHeaders(full, new Headers({ "Retry-After": "3", RateLimit: "stale" }));
    expect([...headers]).toEqual([
      ["ratelimit", '"p";r=5'],
      ["ratelimit-policy", '"p";q=5;w=60'],
    ]);
  });

  it("leave out RateLimit when no remaining quota is known", () => {
    const unknown: RateLimitDecision = {
      allowed: true,
      retryAfter: 0,
      policies: [{ name: "edge", limit: 3, window: 60, remaining: null, reset: 0 }],
    };
    expect([...rateLimitHeaders(unknown)]).toEqual([["ratelimit-policy", '"edge";q=3;w=60']]);
  });
});
