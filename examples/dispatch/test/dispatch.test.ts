import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { FREE_REMAINING_HEADER } from "../src/dispatch.js";
import { INCLUDED_REQUESTS, PRICE_PER_REQUEST } from "../src/owner-object.js";

const CONSOLE = "http://localhost";
const OWNER = "1"; // the dev login's id; APPS in wrangler.test.jsonc gives it "hello"
const owner = () => userStub(env.OWNERS, OWNER);
const app = (path = "/", headers: Record<string, string> = {}) =>
  SELF.fetch(`http://hello.localhost${path}`, { headers, redirect: "manual" });
const balance = async () => (await owner().billingAudit()).account.balance;

async function devLogin(): Promise<string> {
  const response = await SELF.fetch(`${CONSOLE}/oauth/login`, { redirect: "manual" });
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

async function signed(payload: string, secret = env.STRIPE_WEBHOOK_SECRET!): Promise<string> {
  const t = Math.floor(Date.now() / 1000);
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${payload}`));
  return `t=${t},v1=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function paidEvent(eventId: string, sessionId: string, cents: number, type = "checkout.session.completed"): string {
  const session = {
    id: sessionId,
    object: "checkout.session",
    client_reference_id: OWNER,
    amount_total: cents,
    currency: "usd",
    payment_status: "paid",
    metadata: {},
  };
  return JSON.stringify({ id: eventId, object: "event", type, data: { object: session } });
}

async function deliver(payload: string, signature?: string): Promise<Response> {
  return SELF.fetch(`${CONSOLE}/stripe-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature ?? (await signed(payload)) },
    body: payload,
  });
}

describe("dispatch", () => {
  it("forwards free requests, then paid ones, then answers 402 (or a redirect for browsers) and forwards nothing", async () => {
    for (let i = 1; i <= INCLUDED_REQUESTS; i++) {
      const response = await app(`/hello/${i}`);
      expect(response.status).toBe(200);
      expect(response.headers.get(FREE_REMAINING_HEADER)).toBe(String(INCLUDED_REQUESTS - i));
    }
    const refused = await app("/more");
    expect(refused.status).toBe(402);
    expect(refused.headers.get("location")).toBe(`${CONSOLE}/?app=hello`);
    expect(await refused.json()).toMatchObject({ code: "limit_exceeded", amount: PRICE_PER_REQUEST, balance: 0 });
    const browser = await app("/", { accept: "text/html,application/xhtml+xml" });
    expect(browser.status).toBe(303);
    expect(browser.headers.get("location")).toBe(`${CONSOLE}/?app=hello`);

    // A small balance: concurrent requests never spend more than it.
    await owner().billingCredit({ source: "test", externalId: "three-requests", amount: 3 * PRICE_PER_REQUEST });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => app(`/burst/${i}`)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 402)).toHaveLength(7);
    expect(await balance()).toBe(0);
  });

  it("tops up through Stripe Checkout, credited by the webhook exactly once", async () => {
    const cookie = await devLogin();
    const checkout = await SELF.fetch(`${CONSOLE}/stripe/checkout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin: CONSOLE, "content-type": "application/x-www-form-urlencoded" },
      body: "amountCents=500",
    });
    expect(checkout.status).toBe(303);
    const session = new URL(checkout.headers.get("location")!).pathname.split("/").pop()!;
    expect(session).toMatch(/^cs_test_/);

    const before = await balance();
    // Nothing is credited on a bad signature, nor by the success page.
    expect((await deliver(paidEvent("evt_forged", session, 500), await signed("{}"))).status).toBe(401);
    const success = await SELF.fetch(`${CONSOLE}/stripe/success?session_id=${session}`, { headers: { cookie } });
    expect(success.headers.get("x-credited")).toBe("false");
    expect(await balance()).toBe(before);

    const first = await deliver(paidEvent("evt_1", session, 500));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, user: OWNER, credited: 5_000_000 });
    const redelivered = await deliver(paidEvent("evt_1", session, 500));
    expect(await redelivered.json()).toMatchObject({ duplicate: true, credited: 0 });
    const async = await deliver(paidEvent("evt_2", session, 500, "checkout.session.async_payment_succeeded"));
    expect(await async.json()).toMatchObject({ credited: 0 });
    expect(await balance()).toBe(before + 5_000_000);

    const served = await app("/after-top-up");
    expect(served.status).toBe(200);
    expect(await served.json()).toMatchObject({ app: "hello", path: "/after-top-up" });
  });

  it("refuses a cross-site checkout post", async () => {
    const cookie = await devLogin();
    const response = await SELF.fetch(`${CONSOLE}/stripe/checkout`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "amountCents=500",
    });
    expect(response.status).toBe(403);
  });

  it("answers unknown apps, missing scripts and bad registry entries with JSON errors, metering nothing", async () => {
    const spent = (await owner().billingAudit()).account.spent;
    const unknown = await SELF.fetch("http://nope.localhost/");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "no_app" });
    const ghost = await SELF.fetch("http://ghost.localhost/");
    expect(ghost.status).toBe(404);
    expect(await ghost.json()).toEqual({ error: "this app is not available", code: "app_unavailable" });
    const broken = await SELF.fetch("http://broken.localhost/");
    expect(broken.status).toBe(404);
    expect(await broken.json()).toEqual({ error: "app broken is not available", code: "app_unavailable" });
    expect((await owner().billingAudit()).account.spent).toBe(spent);
  });

  it("shows the owner's console with their apps, escaped, and the login to others", async () => {
    const anonymous = await (await SELF.fetch(`${CONSOLE}/`)).text();
    expect(anonymous).toContain("Dev login");
    const cookie = await devLogin();
    const page = await (await SELF.fetch(`${CONSOLE}/?app=<b>hello</b>`, { headers: { cookie } })).text();
    expect(page).toContain('href="http://hello.localhost/"');
    expect(page).toContain("&lt;b&gt;hello&lt;/b&gt;");
    expect(page).toContain('action="/stripe/checkout"');
  });
});
