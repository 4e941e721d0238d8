import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigurationError, memoryAttemptLimit, studioRoute } from "../src/index.js";
import { STUDIO_TEST_TOKEN } from "./studio-constants.js";

const URL = "https://app.test/sqlite/STUDIO_TODO/attempts/query/raw";

function request(token: string | null, ip?: string): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (ip) headers["cf-connecting-ip"] = ip;
  return new Request(URL, { method: "POST", headers, body: '{"sql": "SELECT 1 AS one"}' });
}

async function answer(route: ReturnType<typeof studioRoute<Cloudflare.Env>>, req: Request) {
  const response = (await route(req, env, createExecutionContext()))!;
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe("failed studio attempts", () => {
  const route = () =>
    studioRoute<Cloudflare.Env>({ namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO }, token: (e) => e.STUDIO_TOKEN });

  it("are limited to 10 a minute per IP by default: then 429, even with the right token, for that IP only", async () => {
    const studio = route();
    for (let i = 0; i < 10; i++) expect((await answer(studio, request(`wrong-${i}`, "203.0.113.7"))).status).toBe(401);
    const blocked = await answer(studio, request(STUDIO_TEST_TOKEN, "203.0.113.7"));
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      code: "too_many_attempts",
      error: expect.stringMatching(/try again in \d+ seconds/),
    });
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Another address is not held back, and its successes are not counted.
    expect((await answer(studio, request(STUDIO_TEST_TOKEN, "198.51.100.9"))).status).toBe(200);
    expect((await answer(studio, request("wrong", "198.51.100.9"))).status).toBe(401);
  });

  it("let a caller try again once the window has passed", async () => {
    let now = 1_000_000;
    const studio = studioRoute<Cloudflare.Env>({
      namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
      token: (e) => e.STUDIO_TOKEN,
      attemptLimit: memoryAttemptLimit({ attempts: 3, windowMs: 60_000, now: () => now }),
    });
    for (let i = 0; i < 3; i++) await answer(studio, request("wrong", "203.0.113.8"));
    expect((await answer(studio, request(STUDIO_TEST_TOKEN, "203.0.113.8"))).status).toBe(429);
    now += 59_000;
    expect((await answer(studio, request(STUDIO_TEST_TOKEN, "203.0.113.8"))).headers.get("retry-after")).toBe("1");
    now += 1_000;
    expect((await answer(studio, request(STUDIO_TEST_TOKEN, "203.0.113.8"))).status).toBe(200);
  });

  it("can be counted by an AttemptLimit of the app's own (shared by every isolate), or not at all", async () => {
    const seen: string[] = [];
    const studio = studioRoute<Cloudflare.Env>({
      namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
      token: (e) => e.STUDIO_TOKEN,
      attemptLimit: {
        retryAfter: async (key) => (seen.includes(key) ? 30 : 0),
        failed: async (key) => void seen.push(key),
      },
    });
    expect((await answer(studio, request("wrong", "192.0.2.1"))).status).toBe(401);
    expect(seen).toEqual(["192.0.2.1"]);
    const blocked = await answer(studio, request(STUDIO_TEST_TOKEN, "192.0.2.1"));
    expect([blocked.status, blocked.headers.get("retry-after")]).toEqual([429, "30"]);
    const unlimited = studioRoute<Cloudflare.Env>({
      namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
      token: (e) => e.STUDIO_TOKEN,
      attemptLimit: false,
    });
    for (let i = 0; i < 20; i++) await answer(unlimited, request("wrong", "192.0.2.2"));
    expect((await answer(unlimited, request(STUDIO_TEST_TOKEN, "192.0.2.2"))).status).toBe(200);
  });
});

describe("memoryAttemptLimit", () => {
  it("remembers at most maxKeys callers, forgetting the oldest first", () => {
    const limit = memoryAttemptLimit({ attempts: 1, maxKeys: 2 });
    limit.failed("a");
    limit.failed("b");
    expect([limit.retryAfter("a"), limit.retryAfter("b")].every((s) => s > 0)).toBe(true);
    limit.failed("c");
    expect(limit.retryAfter("a")).toBe(0);
    expect(limit.retryAfter("c")).toBeGreaterThan(0);
  });

  it("refuses settings that would limit nothing", () => {
    expect(() => memoryAttemptLimit({ attempts: 0 })).toThrow(/attempts/);
    expect(() => memoryAttemptLimit({ windowMs: 0 })).toThrow(/windowMs/);
    expect(() => memoryAttemptLimit({ attempts: 1.5 })).toThrow(ConfigurationError);
    expect(() => memoryAttemptLimit({ windowMs: -1 })).toThrow(ConfigurationError);
  });
});
