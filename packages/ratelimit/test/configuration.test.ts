import { ConfigurationError } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { rateLimiter, ratelimitPlugin } from "../src/index.js";

// A mistake in the app's own setup is a ConfigurationError: a local request is
// told what to fix (errorResponse), any other gets "internal error".
describe("configuration mistakes", () => {
  it("a shard count out of range", () => {
    for (const shards of [0, 1.5, 10_000]) {
      expect(() => rateLimiter({ shards, tiers: {} }), String(shards)).toThrow(ConfigurationError);
    }
  });

  it("sweep options that are not positive integers", () => {
    expect(() => ratelimitPlugin({ sweep: { interval: 0 } })).toThrow(ConfigurationError);
    expect(() => ratelimitPlugin({ sweep: { batch: -1 } })).toThrow(ConfigurationError);
  });
});
