import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "@userdo/core";
import { rateLimiter } from "../src/index.js";

const T0 = 1_800_000_000_000;

function get(headers: Record<string, string>, query = ""): Promise<Response> {
  return SELF.fetch(`https://app.example/api${query}`, { headers });
}

function rateHeaders(response: Response) {
  return {
    status: response.status,
    policy: response.headers.get("RateLimit-Policy"),
    limit: response.headers.get("RateLimit"),
    retryAfter: response.headers.get("Retry-After"),
  };
}

describe("ratelimit(request, env, { tier }) in a Worker", () => {
  it("limits anonymous visitors by IP, with exact headers on allowed and denied answers", async () => {
    const headers = { "CF-Connecting-IP": "203.0.113.9", "x-test-now": String(T0) };
    const first = await get(headers);
    expect(rateHeaders(first)).toEqual({
      status: 200,
      policy: '"anon";q=5;w=60',
      limit: '"anon";r=4;t=12',
      retryAfter: null,
    });
    expect(await first.json()).toEqual({ ok: true });
    for (let i = 0; i < 4; i++) expect((await get(headers)).status).toBe(200);
    const denied = await get(headers);
    expect(rateHeaders(denied)).toEqual({
      status: 429,
      policy: '"anon";q=5;w=60',
      limit: '"anon";r=0;t=12',
      retryAfter: "12",
    });
    expect(denied.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await denied.json()).toEqual({ error: "rate limit exceeded; retry in 12 s", code: "rate_limited" });
    // Another visitor is not affected.
    expect((await get({ "CF-Connecting-IP": "203.0.113.10", "x-test-now": String(T0) })).status).toBe(200);
  });

  it("holds the limit when one client's requests arrive all at once", async () => {
    const headers = { "CF-Connecting-IP": "198.51.100.77", "x-test-now": String(T0) };
    const responses = await Promise.all(Array.from({ length: 30 }, () => get(headers)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(5);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(25);
    const remaining = responses.filter((r) => r.status === 200).map((r) => r.headers.get("RateLimit"));
    expect(remaining.sort()).toEqual([
      '"anon";r=0;t=12',
      '"anon";r=1;t=12',
      '"anon";r=2;t=12',
      '"anon";r=3;t=12',
      '"anon";r=4;t=12',
    ]);
  });

  it("refills over time: one more request every window/limit", async () => {
    const at = (ms: number) => ({ "CF-Connecting-IP": "198.51.100.1", "x-test-now": String(T0 + ms) });
    for (let i = 0; i < 5; i++) await get(at(0));
    expect(rateHeaders(await get(at(11_999)))).toMatchObject({ status: 429, retryAfter: "1" });
    expect(rateHeaders(await get(at(12_000)))).toEqual({
      status: 200,
      policy: '"anon";q=5;w=60',
      limit: '"anon";r=0;t=12',
      retryAfter: null,
    });
  });

  it("groups IPv6 clients by /64 and keeps IPv4-mapped addresses with their IPv4", async () => {
    const now = { "x-test-now": String(T0) };
    for (let i = 1; i <= 5; i++)
      expect((await get({ ...now, "CF-Connecting-IP": `2001:db8:aa:bb::${i}` })).status).toBe(200);
    // Same /64, another interface id: same budget.
    expect((await get({ ...now, "CF-Connecting-IP": "2001:0db8:00aa:00bb:ffff:1:2:3" })).status).toBe(429);
    // The next /64 is someone else.
    expect((await get({ ...now, "CF-Connecting-IP": "2001:db8:aa:bc::1" })).status).toBe(200);
    for (let i = 0; i < 5; i++) await get({ ...now, "CF-Connecting-IP": "192.0.2.77" });
    expect((await get({ ...now, "CF-Connecting-IP": "::ffff:192.0.2.77" })).status).toBe(429);
  });

  it("gives logged-in users their tier's policies, several at once", async () => {
    const response = await get({ "x-test-user": "ada", "x-test-now": String(T0), "CF-Connecting-IP": "203.0.113.50" });
    expect(rateHeaders(response)).toEqual({
      status: 200,
      policy: '"user";q=20;w=60, "user-daily";q=100;w=86400',
      limit: '"user";r=19;t=3, "user-daily";r=99;t=864',
      retryAfter: null,
    });
    // Limited by user, not by IP: the same user from another address shares the budget.
    const elsewhere = await get({
      "x-test-user": "ada",
      "x-test-now": String(T0),
      "CF-Connecting-IP": "198.51.100.200",
    });
    expect(elsewhere.headers.get("RateLimit")).toBe('"user";r=18;t=3, "user-daily";r=98;t=864');
  });

  it("raises a paying user's limit with what they have spent, without resetting the counter", async () => {
    const paying = (spent: number) => ({
      "x-test-user": "grace",
      "x-test-spent": String(spent),
      "x-test-now": String(T0),
    });
    const first = await get(paying(1_250));
    expect(rateHeaders(first)).toEqual({
      status: 200,
      policy: '"paying";q=140;w=60',
      limit: '"paying";r=139;t=1',
      retryAfter: null,
    });
    // She spends more: the quota grows, and the unit she already used still counts.
    const after = await get(paying(2_000));
    expect(rateHeaders(after)).toEqual({
      status: 200,
      policy: '"paying";q=220;w=60',
      limit: '"paying";r=218;t=1',
      retryAfter: null,
    });
  });

  it("spreads a hot key over several objects, never allowing more than the whole limit", async () => {
    const headers = { "CF-Connecting-IP": "203.0.113.99", "x-test-now": String(T0) };
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await get(headers, "?spread=5")).status);
    const allowed = statuses.filter((s) => s === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(1);
    expect(allowed).toBeLessThanOrEqual(5);
    const response = await get(headers, "?spread=5");
    expect(response.headers.get("RateLimit-Policy")).toBe('"anon";q=5;w=60');
  });

  it("answers bad calls with a 400 JSON error", async () => {
    const spread = await get({ "CF-Connecting-IP": "203.0.113.1" }, "?spread=6");
    expect(spread.status).toBe(400);
    expect(await spread.json()).toEqual({ error: "spread must be an integer from 1 to 5", code: "bad_rate_limit" });
    const badNow = await get({ "CF-Connecting-IP": "203.0.113.1", "x-test-now": "-5" });
    expect(badNow.status).toBe(400);
    expect(await badNow.json()).toEqual({
      error: "now must be a non-negative integer of milliseconds",
      code: "bad_rate_limit",
    });
  });

  it("puts requests without a client address in one shared bucket", async () => {
    const now = { "x-test-now": String(T0 + 1) };
    for (let i = 0; i < 5; i++) expect((await get(now)).status).toBe(200);
    expect((await get({ ...now, "CF-Connecting-IP": "not an address" })).status).toBe(429);
  });
});

describe("Cloudflare's rate limiting binding as the backend of a tier", () => {
  it("allows up to its limit, announcing the policy, then answers 429 with Retry-After", async () => {
    const headers = { "CF-Connecting-IP": "192.0.2.200" };
    for (let i = 0; i < 3; i++) {
      expect(rateHeaders(await get(headers, "?tier=edge"))).toEqual({
        status: 200,
        policy: '"edge";q=3;w=60',
        limit: null,
        retryAfter: null,
      });
    }
    expect(rateHeaders(await get(headers, "?tier=edge"))).toEqual({
      status: 429,
      policy: '"edge";q=3;w=60',
      limit: '"edge";r=0;t=60',
      retryAfter: "60",
    });
    expect((await get({ "CF-Connecting-IP": "192.0.2.201" }, "?tier=edge")).status).toBe(200);
  });
});

describe("the helper called directly", () => {
  const request = new Request("https://app.example/", { headers: { "CF-Connecting-IP": "203.0.113.7" } });
  const limiter = rateLimiter({
    objects: (e: Cloudflare.Env) => e.RATE_LIMITER,
    prefix: "direct:",
    tiers: {
      free: { name: "free", limit: 2, window: 60 },
      broken: () => ({ name: "broken", limit: 0, window: 60 }),
      edge: { binding: (e: Cloudflare.Env) => e.EDGE_LIMIT, policy: { name: "edge", limit: 3, window: 60 } },
    },
  });

  it("refuses an unknown tier and a bad policy from a tier function with a 400", async () => {
    // @ts-expect-error: an unknown tier, as a JavaScript caller could pass it
    await expect(limiter(request, env, { tier: "gold" })).rejects.toMatchObject({ status: 400, code: "bad_tier" });
    await expect(limiter(request, env, { tier: "broken", facts: undefined })).rejects.toMatchObject({
      status: 400,
      code: "bad_rate_limit",
      message: "tiers.broken.limit must be an integer from 1 to 1000000000",
    });
    await expect(limiter(request, env, { tier: "edge", cost: 0 })).rejects.toMatchObject({
      status: 400,
      code: "bad_rate_limit",
    });
    await expect(limiter(request, env, { tier: "free", spread: 1.5 })).rejects.toMatchObject({
      status: 400,
      code: "bad_rate_limit",
      message: "spread must be an integer from 1 to 2",
    });
    await expect(limiter(request, env, { tier: "free", key: "" })).rejects.toMatchObject({
      status: 400,
      code: "bad_rate_limit",
      message: "key must be a string of 1 to 512 characters",
    });
  });

  it("passes a cost to the binding as its delta", async () => {
    // The binding allows a call while its counter is below the limit, even when
    // the cost takes it past: 0 -> 2 -> 4 of 3, then no more.
    const costly = new Request("https://app.example/", { headers: { "CF-Connecting-IP": "192.0.2.222" } });
    expect((await limiter(costly, env, { tier: "edge", cost: 2 })).allowed).toBe(true);
    expect((await limiter(costly, env, { tier: "edge", cost: 2 })).allowed).toBe(true);
    expect((await limiter(costly, env, { tier: "edge", cost: 1 })).allowed).toBe(false);
  });

  it("adds the headers to any answer without touching its status or body", async () => {
    const limited = await limiter(request, env, { tier: "free", key: "direct-apply", now: T0 });
    expect(limited.allowed).toBe(true);
    expect(() => limited.response()).toThrow(/was allowed/);
    expect(() => limited.response()).toThrow(ConfigurationError);
    const answer = limited.apply(new Response("created", { status: 201, headers: { "x-app": "1" } }));
    expect(answer.status).toBe(201);
    expect(await answer.text()).toBe("created");
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      "x-app": "1",
      ratelimit: '"free";r=1;t=30',
      "ratelimit-policy": '"free";q=2;w=60',
    });
  });
});
