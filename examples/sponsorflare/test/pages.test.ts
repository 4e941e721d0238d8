import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "@userdo/core";
import { html } from "../src/html/html.js";
import { landingPage } from "../src/html/landing-page.js";
import { ORIGIN, devLogin, freshIp, otherUser, sameOrigin } from "./helpers.js";

describe("html templates", () => {
  it("escape every interpolated value unless it is already SafeHtml", () => {
    const login = `<img src=x onerror="alert('x')">`;
    const out = html`<p title="${login}">${login}${[html`<b>${"&"}</b>`, 1, null, false]}</p>`.value;
    expect(out).toBe(`<p title="${escapeHtml(login)}">${escapeHtml(login)}<b>&amp;</b>1</p>`);
    expect(out).not.toContain("<img");
  });
});

describe("pages", () => {
  it("the landing page offers the dev login on localhost, under a strict CSP", async () => {
    const response = await SELF.fetch(`${ORIGIN}/`, { headers: { "cf-connecting-ip": freshIp() } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await response.text();
    expect(page).toContain('id="login"');
    expect(page).toContain("Dev login");
  });

  it("off localhost, offers one login button per configured provider", () => {
    const page = landingPage({
      viewer: null,
      devLogin: false,
      providers: ["github", "x"],
      price: "$0.01",
      origin: "https://pay.example.com",
    }).value;
    expect(page).toContain(
      'href="/oauth/login?provider=github&amp;redirect_uri=%2Fdashboard" id="login-github">Log in with GitHub</a>',
    );
    expect(page).toContain(
      'href="/oauth/login?provider=x&amp;redirect_uri=%2Fdashboard" id="login-x">Log in with X</a>',
    );
    expect(page).not.toContain("Dev login");
  });

  it("sends a visitor without a session from the dashboard to login", async () => {
    const response = await sameOrigin("/dashboard");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/oauth/login?redirect_uri=%2Fdashboard");
  });

  it("renders the dashboard frame without data or secrets, and escapes the user's login", async () => {
    const { cookie } = await otherUser(`<script>alert("x")</script>`);
    const response = await sameOrigin("/dashboard", { cookie });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page).not.toContain(`<script>alert`);
    expect(page).not.toContain(cookie.split("=")[1]!);
    expect(page).toContain('<script src="/assets/dashboard.js" defer></script>');
    expect(page).not.toContain('href="/admin"');
  });

  it("keeps the admin page for the admin (by id), without the studio token", async () => {
    const other = await otherUser();
    const refused = await sameOrigin("/admin", { cookie: other.cookie });
    expect(refused.status).toBe(403);
    const { cookie } = await devLogin();
    const response = await sameOrigin("/admin", { cookie });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`${ORIGIN}/sqlite/MASTER/`);
    expect(page).toContain("StarbaseDB");
    expect(page).not.toContain("test-studio-token-for-the-sponsorflare-tests");
  });

  it("answers unknown paths and wrong methods with JSON errors", async () => {
    const { cookie } = await devLogin();
    const missing = await sameOrigin("/nope", { cookie });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "no route /nope", code: "not_found" });
    const post = await sameOrigin("/dashboard", { cookie, method: "POST" });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ code: "method_not_allowed" });
  });

  it("logs out over POST: the session is deleted in the object, not just the cookie", async () => {
    const { cookie } = await otherUser();
    const logout = await sameOrigin("/oauth/logout", { cookie, method: "POST" });
    expect(logout.status).toBe(302);
    expect(logout.headers.get("set-cookie")).toMatch(/^udo_session=; .*Max-Age=0/);
    expect((await sameOrigin("/balance", { cookie })).status).toBe(401);
  });
});
