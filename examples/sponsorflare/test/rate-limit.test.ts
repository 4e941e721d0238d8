import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ORIGIN, freshIp, otherUser } from "./helpers.js";

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

  it("counts a malformed cookie as anonymous, and never limits a logged-in user by IP", async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMIT; i++)
      await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": ip, cookie: "udo_session=garbage" } });
    expect((await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": ip } })).status).toBe(429);
    const { cookie } = await otherUser();
    const user = await SELF.fetch(`${ORIGIN}/balance`, { headers: { "cf-connecting-ip": ip, cookie } });
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
