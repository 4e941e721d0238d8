import { ConfigurationError } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { rateLimiter, ratelimitPlugin } from "../src/index.js";

// A mistake in the app's own setup is a ConfigurationError: a local request is
// told what to fix (errorResponse), any other gets "internal error".
describe("configuration mistakes", () => {
  it("a shard count out of range", () => {
    for (const shards of [0, 1.5, 10_000, "4"]) {
      const build = () => rateLimiter({ shards: shards as number, tiers: {} });
      expect(build, String(shards)).toThrow(ConfigurationError);
      expect(build, String(shards)).toThrow(
        expect.objectContaining({
          status: 500,
          code: "bad_ratelimit_options",
          message: "shards must be an integer from 1 to 1024",
        }),
      );
    }
  });

  it("sweep options that are not positive integers", () => {
    expect(() => ratelimitPlugin({ sweep: { interval: 0 } })).toThrow(ConfigurationError);
    expect(() => ratelimitPlugin({ sweep: { interval: 0 } })).toThrow(
      "sweep.interval must be a positive integer of milliseconds",
    );
    expect(() => ratelimitPlugin({ sweep: { batch: -1 } })).toThrow(ConfigurationError);
    expect(() => ratelimitPlugin({ sweep: { batch: 1.5 } })).toThrow("sweep.batch must be a positive integer");
  });

  it("defaults what is left out", () => {
    expect(() => rateLimiter({ tiers: {} })).not.toThrow();
    expect(() => ratelimitPlugin({ sweep: { batch: 10 } })).not.toThrow();
  });
});
