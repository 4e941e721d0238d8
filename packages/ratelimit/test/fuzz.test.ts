// Malformed requests to a Worker limited by rateLimiter(): no 5xx, every 4xx (the 429s
// included) a JSON error, whatever address, key, cost or clock the request carries.
import { SELF } from "cloudflare:test";
import { FUZZ_TIMEOUT_MS, type FuzzEndpoint, fc, fuzzEndpoint, toRequest } from "@userdo/test-utils/fuzz";
import { describe, expect, it } from "vitest";

/** Cases per endpoint: a few seconds for the file. */
const RUNS = 300;

const endpoint: FuzzEndpoint = {
  path: "/api",
  methods: ["GET", "POST"],
  params: ["tier", "spread"],
  // The test Worker's stand-ins for a session (x-test-user), a clock and a spend.
  headers: ["x-test-user", "x-test-now", "x-test-spent", "cf-connecting-ip"],
  reachesWork: true,
  base: fc.constantFrom(
    {},
    { "cf-connecting-ip": "192.0.2.1" },
    { "cf-connecting-ip": "2001:db8::1" },
    { "x-test-user": "fuzz" },
    { "x-test-user": "fuzz", "x-test-spent": "250" },
  ),
};

describe("rateLimiter() under malformed requests", () => {
  it(
    "/api: no 5xx, every 4xx a JSON error",
    async () => {
      const report = await fuzzEndpoint(endpoint, (c) => SELF.fetch(toRequest("http://localhost", c)), {
        numRuns: RUNS,
      });
      expect(report.cases).toBe(RUNS);
    },
    FUZZ_TIMEOUT_MS,
  );
});
