import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RateLimitPolicy } from "../src/index.js";

const T0 = 1_800_000_000_000; // a fixed clock: every answer below is exact
const perMinute: RateLimitPolicy = { name: "pm", limit: 10, window: 60 }; // one unit per 6 s

function limiter(name: string) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(name));
}

describe("a limiter object", () => {
  it("holds the limit under concurrent requests", async () => {
    const stub = limiter("concurrent");
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () => stub.rateLimit({ key: "k", policies: perMinute, now: T0 })),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions.filter((d) => !d.allowed)).toHaveLength(30);
    // Serialized by the object: each allowed answer saw the previous one's write.
    expect(
      decisions
        .filter((d) => d.allowed)
        .map((d) => d.policies[0]!.remaining)
        .sort((a, b) => b! - a!),
    ).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it("holds one limit for the same key from many Worker-side stubs at once", async () => {
    const decisions = await Promise.all(
      Array.from({ length: 25 }, () => limiter("many-stubs").rateLimit({ key: "k", policies: perMinute, now: T0 })),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
  });

  it("refills one unit per window/limit, and no faster", async () => {
    const stub = limiter("refill");
    for (let i = 0; i < 10; i++)
      expect((await stub.rateLimit({ key: "k", policies: perMinute, now: T0 })).allowed).toBe(true);
    expect(await stub.rateLimit({ key: "k", policies: perMinute, now: T0 + 5_999 })).toEqual({
      allowed: false,
      retryAfter: 1,
      policies: [{ name: "pm", limit: 10, window: 60, remaining: 0, reset: 1 }],
    });
    expect(await stub.rateLimit({ key: "k", policies: perMinute, now: T0 + 6_000 })).toEqual({
      allowed: true,
      retryAfter: 0,
      policies: [{ name: "pm", limit: 10, window: 60, remaining: 0, reset: 6 }],
    });
    // A whole window later the bucket is full again: 10 more, not 11.
    const later = T0 + 6_000 + 60_000;
    const burst = [];
    for (let i = 0; i < 11; i++)
      burst.push((await stub.rateLimit({ key: "k", policies: perMinute, now: later })).allowed);
    expect(burst.filter(Boolean)).toHaveLength(10);
    expect(burst[10]).toBe(false);
  });

  it("refills with real time when no clock is passed", async () => {
    const stub = limiter("real-time");
    const fast: RateLimitPolicy = { name: "fast", limit: 1, window: 1 };
    expect((await stub.rateLimit({ key: "k", policies: fast })).allowed).toBe(true);
    expect((await stub.rateLimit({ key: "k", policies: fast })).allowed).toBe(false);
    // Time inside workerd advances on I/O; wait for it from the test side.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await stub.rateLimit({ key: "k", policies: fast })).allowed).toBe(true);
  });

  it("does not reset the counter when the options are passed again on every call", async () => {
    const stub = limiter("no-reset");
    for (let i = 0; i < 10; i++) await stub.rateLimit({ key: "k", policies: { ...perMinute }, now: T0 });
    // Same policy, new object each call, later calls: still empty.
    for (let i = 1; i <= 5; i++) {
      expect(
        (await stub.rateLimit({ key: "k", policies: { name: "pm", limit: 10, window: 60 }, now: T0 + i })).allowed,
      ).toBe(false);
    }
  });

  it("rescales a bucket when the quota of its policy changes, never resetting it", async () => {
    const stub = limiter("rescale");
    for (let i = 0; i < 10; i++) await stub.rateLimit({ key: "k", policies: perMinute, now: T0 });
    // Raised to 100 per minute (spend went up): the 10 taken still count.
    const raised = await stub.rateLimit({ key: "k", policies: { name: "pm", limit: 100, window: 60 }, now: T0 });
    expect(raised.policies[0]!.remaining).toBe(89);
    // Lowered to 5 per 10 s: capped at full, not forgiven.
    const lowered = await stub.rateLimit({ key: "k", policies: { name: "pm", limit: 5, window: 10 }, now: T0 });
    expect(lowered).toMatchObject({ allowed: false, retryAfter: 2 });
  });

  it("keeps separate counters per key and per policy name", async () => {
    const stub = limiter("separate");
    for (let i = 0; i < 10; i++) await stub.rateLimit({ key: "a", policies: perMinute, now: T0 });
    expect((await stub.rateLimit({ key: "a", policies: perMinute, now: T0 })).allowed).toBe(false);
    expect((await stub.rateLimit({ key: "b", policies: perMinute, now: T0 })).allowed).toBe(true);
    expect((await stub.rateLimit({ key: "a", policies: { ...perMinute, name: "other" }, now: T0 })).allowed).toBe(true);
  });

  it("takes from every policy or from none", async () => {
    const stub = limiter("all-or-none");
    const burst: RateLimitPolicy = { name: "burst", limit: 2, window: 1 };
    const daily: RateLimitPolicy = { name: "daily", limit: 3, window: 86_400 };
    expect((await stub.rateLimit({ key: "k", policies: [burst, daily], now: T0 })).allowed).toBe(true);
    expect((await stub.rateLimit({ key: "k", policies: [burst, daily], now: T0 })).allowed).toBe(true);
    // burst is empty: denied, and daily must not be charged for it.
    const denied = await stub.rateLimit({ key: "k", policies: [burst, daily], now: T0 });
    expect(denied).toEqual({
      allowed: false,
      retryAfter: 1,
      policies: [
        { name: "burst", limit: 2, window: 1, remaining: 0, reset: 1 },
        { name: "daily", limit: 3, window: 86_400, remaining: 1, reset: 28_800 },
      ],
    });
    expect((await stub.rateLimit({ key: "k", policies: [burst, daily], now: T0 + 1_000 })).allowed).toBe(true);
    // Now daily is empty for 8 hours, whatever burst says.
    expect(await stub.rateLimit({ key: "k", policies: [burst, daily], now: T0 + 2_000 })).toMatchObject({
      allowed: false,
      retryAfter: 28_798,
    });
  });

  it("charges a cost of several units, and looks without taking at cost 0", async () => {
    const stub = limiter("cost");
    expect((await stub.rateLimit({ key: "k", policies: perMinute, cost: 7, now: T0 })).policies[0]!.remaining).toBe(3);
    expect(await stub.rateLimit({ key: "k", policies: perMinute, cost: 4, now: T0 })).toMatchObject({
      allowed: false,
      retryAfter: 6,
    });
    expect((await stub.rateLimit({ key: "k", policies: perMinute, cost: 0, now: T0 })).policies[0]!.remaining).toBe(3);
    expect((await stub.rateLimit({ key: "k", policies: perMinute, cost: 3, now: T0 })).allowed).toBe(true);
  });

  it("never refills for a clock that goes backwards", async () => {
    const stub = limiter("backwards");
    for (let i = 0; i < 10; i++) await stub.rateLimit({ key: "k", policies: perMinute, now: T0 + 60_000 });
    expect((await stub.rateLimit({ key: "k", policies: perMinute, now: T0 })).allowed).toBe(false);
    expect((await stub.rateLimit({ key: "k", policies: perMinute, now: T0 + 60_000 + 5_999 })).allowed).toBe(false);
    expect((await stub.rateLimit({ key: "k", policies: perMinute, now: T0 + 60_000 + 6_000 })).allowed).toBe(true);
  });

  it("keeps its buckets across eviction", async () => {
    let stub = limiter("evicted");
    for (let i = 0; i < 10; i++) await stub.rateLimit({ key: "k", policies: perMinute, now: T0 });
    await evictDurableObject(stub);
    stub = limiter("evicted");
    expect((await stub.rateLimit({ key: "k", policies: perMinute, now: T0 + 1 })).allowed).toBe(false);
  });

  it("answers bad input with a 400 naming the field, and writes nothing", async () => {
    const stub = limiter("bad-input");
    const nameRule = "must be 1 to 64 characters of A-Z a-z 0-9 _ . : - starting with a letter or digit";
    const bad: [unknown, string][] = [
      [{ key: "", policies: perMinute }, "key must be a string of 1 to 512 characters"],
      [{ key: "x".repeat(513), policies: perMinute }, "key must be a string of 1 to 512 characters"],
      [{ key: 42, policies: perMinute }, "key must be a string of 1 to 512 characters"],
      [{ key: "k" }, "policies must be an object"],
      [{ key: "k", policies: "pm" }, "policies must be an object"],
      [{ key: "k", policies: [] }, "policies must be 1 to 8 policies"],
      [
        { key: "k", policies: Array.from({ length: 9 }, (_, i) => ({ ...perMinute, name: `p${i}` })) },
        "policies must be 1 to 8 policies",
      ],
      [{ key: "k", policies: { name: 'a"b', limit: 1, window: 1 } }, `policies.name ${nameRule}`],
      [
        { key: "k", policies: { name: "p", limit: 1.5, window: 1 } },
        "policies.limit must be an integer from 1 to 1000000000",
      ],
      [
        { key: "k", policies: { name: "p", limit: "10", window: 1 } },
        "policies.limit must be an integer from 1 to 1000000000",
      ],
      [
        { key: "k", policies: [perMinute, { name: "p", limit: 1, window: 0 }] },
        "policies[1].window must be a whole number of seconds from 1 to 31536000",
      ],
      [{ key: "k", policies: [perMinute, null] }, "policies[1] must be an object"],
      [
        { key: "k", policies: { name: "p", limit: 1_000_000_000, window: 31_536_000 } },
        "policies must have limit * window of at most 9007199254740",
      ],
      [{ key: "k", policies: [perMinute, perMinute] }, "policies must have distinct names"],
      [{ key: "k", policies: perMinute, cost: 11 }, "cost must be an integer from 0 to 10 (the smallest limit)"],
      [{ key: "k", policies: perMinute, cost: -1 }, "cost must be an integer from 0 to 10 (the smallest limit)"],
      [{ key: "k", policies: perMinute, cost: "1" }, "cost must be an integer from 0 to 10 (the smallest limit)"],
      [{ key: "k", policies: perMinute, now: "soon" }, "now must be a non-negative integer of milliseconds"],
      [{ key: "k", policies: perMinute, now: -1 }, "now must be a non-negative integer of milliseconds"],
      [null, "a rate limit request must be an object"],
      [[], "a rate limit request must be an object"],
    ];
    for (const [request, message] of bad) {
      // @ts-expect-error: untyped input, as a JavaScript caller could send it
      const error = await stub.rateLimit(request).catch((e: unknown) => e);
      expect(error, JSON.stringify(request)).toMatchObject({ status: 400, code: "bad_rate_limit", message });
    }
    await expect(stub.sweepRateLimits({ now: 1.5 })).rejects.toMatchObject({
      status: 400,
      code: "bad_rate_limit",
      message: "now must be a non-negative integer of milliseconds",
    });
    const { keys } = await stub.sweepRateLimits({ now: 0 });
    expect(keys).toBe(0);
  });
});

describe("the plugin on an existing Durable Object", () => {
  it("limits alongside the object's own methods and leaves its alarm alone", async () => {
    const stub = env.EXISTING.get(env.EXISTING.idFromName("greeter"));
    expect(await stub.hello("ada")).toBe("hello ada");
    const policy: RateLimitPolicy = { name: "greet", limit: 2, window: 60 };
    expect((await stub.rateLimit({ key: "k", policies: policy, now: T0 })).allowed).toBe(true);
    expect((await stub.rateLimit({ key: "k", policies: policy, now: T0 })).allowed).toBe(true);
    expect((await stub.rateLimit({ key: "k", policies: policy, now: T0 })).allowed).toBe(false);
    expect(await stub.alarmAt()).toBeNull();
    expect(await stub.readLog()).toEqual([]);
  });
});
