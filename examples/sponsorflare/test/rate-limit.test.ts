import { SELF, createExecutionContext, env, listDurableObjectIds } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { handle } from "../src/app.js";
import { ORIGIN, freshIp, otherUser } from "./helpers.js";

const hex64 = () =>
  [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");

const LIMIT = Number(env.ANONYMOUS_PER_MINUTE);

describe("anonymous visitors are rate-limited by IP", () => {
  it("lets an IP make its requests, then answers 429 with Retry-After and RateLimit headers", async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMIT; i++) {
      const response = await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": ip } });
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-policy")).toBe(`"anonymous";q=${LIMIT};w=60`);
    }
    const refused = await SELF.fetch(`${ORIGIN}/openapi.json`, { headers: { "cf-connecting-ip": ip } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: "rate_limited" });
    // Another IP has its own bucket.
    expect((await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": freshIp() } })).status).toBe(200);
  });

  it("counts a malformed cookie as anonymous", async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMIT; i++)
      await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": ip, cookie: "udo_session=garbage" } });
    expect((await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": ip } })).status).toBe(429);
  });

  it("without signing, counts every credential against its IP: 200 forged tokens from one IP get 429s", async () => {
    // The test Worker runs on localhost without AUTH_SIGNING_KEY: only an object could tell a forged token.
    const ip = freshIp();
    const statuses: number[] = [];
    const named: string[] = [];
    for (let i = 0; i < 200; i++) {
      const user = String(888_000_000 + i);
      named.push(user);
      const response = await SELF.fetch(`${ORIGIN}/api/paid`, {
        headers: { "cf-connecting-ip": ip, authorization: `Bearer udo_${user}_${hex64()}` },
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(200 - LIMIT).fill(429));
    // Refused by the limiter before any object call: none of those objects exists.
    const existing = new Set((await listDurableObjectIds(env.USERS)).map((id) => id.toString()));
    const created = named.filter((user) => existing.has(env.USERS.idFromName(user).toString()));
    expect(created.length).toBeLessThanOrEqual(LIMIT);
    expect(named.slice(LIMIT).filter((user) => existing.has(env.USERS.idFromName(user).toString()))).toEqual([]);
    // A logged-in user is counted too here: only their object could tell them from a forger.
    const { cookie } = await otherUser();
    expect((await SELF.fetch(`${ORIGIN}/balance`, { headers: { "cf-connecting-ip": ip, cookie } })).status).toBe(429);
  });

  it("with signing on, a forged token creates no object and counts against its IP; a signed-in user is never limited by IP", async () => {
    const signed = { ...env, AUTH_SIGNING_KEY: "test-only-signing-key-at-least-32-chars" };
    const call = (path: string, headers: Record<string, string>) =>
      handle(new Request(`${ORIGIN}${path}`, { headers, redirect: "manual" }), signed, createExecutionContext());
    const login = await call("/oauth/login?redirect_uri=%2Fdashboard", { "cf-connecting-ip": freshIp() });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).toMatch(/^udo_session=1\.[0-9a-f]{64}\.[0-9a-f]{32}$/);
    const ip = freshIp();
    const named: string[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 20; i++) {
      const user = String(889_000_000 + i);
      named.push(user);
      const response = await call("/api/paid", {
        "cf-connecting-ip": ip,
        authorization: `Bearer udo_${user}_${hex64()}`,
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(20).fill(429));
    const existing = new Set((await listDurableObjectIds(env.USERS)).map((id) => id.toString()));
    expect(named.filter((user) => existing.has(env.USERS.idFromName(user).toString()))).toEqual([]);
    // The IP is spent, yet a signed session from it is served, without IP headers.
    const user = await call("/balance", { "cf-connecting-ip": ip, cookie });
    expect(user.status).toBe(200);
    expect(user.headers.get("ratelimit-policy")).toBeNull();
  });

  it("does not limit webhooks by IP: their signature decides", async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMIT + 1; i++) await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": ip } });
    const webhook = await SELF.fetch(`${ORIGIN}/github-webhook`, {
      method: "POST",
      headers: {
        "cf-connecting-ip": ip,
        "content-type": "application/json",
        "x-github-event": "sponsorship",
        "x-github-delivery": "d-1",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      body: JSON.stringify({ action: "created" }),
    });
    expect(webhook.status).toBe(401);
  });
});
