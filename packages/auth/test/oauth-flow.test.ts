import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN_ID, GITHUB_DOWN_ID, NO_VERIFIED_EMAIL_ID } from "@userdo/test-utils/fakes";
import {
  APP,
  CookieJar,
  browse,
  consentAtGitHub,
  expectError,
  freshId,
  loggedIn,
  login,
  startLogin,
} from "./helpers.js";

describe("GitHub login", () => {
  it("sends the browser to GitHub with state, PKCE S256 and the callback", async () => {
    const jar = new CookieJar();
    const location = new URL(await startLogin(jar));
    expect(location.origin + location.pathname).toBe("https://github.com/login/oauth/authorize");
    expect(location.searchParams.get("client_id")).toBe("test-client-id");
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP}/oauth/callback`);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get("scope")).toBe("read:user user:email");
    const state = location.searchParams.get("state")!;
    // The state is bound to this browser by the pending-login cookie.
    expect(jar.get("__Host-udo_oauth")!.startsWith(`${state}.`)).toBe(true);
  });

  it("stores the profile in the user's object and opens a session", async () => {
    const id = freshId();
    const jar = new CookieJar();
    const callback = await login(jar, id, "?redirect_uri=%2Fdashboard%3Ftab%3D1");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${APP}/dashboard?tab=1`);
    expect(callback.headers.get("cache-control")).toBe("no-store");
    expect(jar.get("__Host-udo_oauth")).toBeUndefined(); // consumed
    const me = await browse(jar, `${APP}/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: String(id),
      via: "session",
      tokenId: null,
      scopes: ["*"],
      budget: null,
      admin: false,
      profile: {
        id: String(id),
        provider: "github",
        login: `user-${id}`,
        name: `User ${id}`,
        avatarUrl: `https://avatars.githubusercontent.com/u/${id}`,
        email: `user-${id}@example.com`, // the primary verified one, from the emails API
        bio: "writes tests",
        blog: "https://example.com",
        twitterUsername: `tw${id}`,
        createdAt: Date.parse("2011-01-25T18:44:36Z"),
        lastVerifiedAt: expect.any(Number),
        sourceDomain: "app.example.com",
      },
    });
  });

  it("keeps no unverified email", async () => {
    const jar = await loggedIn(NO_VERIFIED_EMAIL_ID);
    const me = (await (await browse(jar, `${APP}/me`)).json()) as { profile: { email: string | null } };
    expect(me.profile.email).toBeNull();
  });

  it("answers the sponsorflare paths /login, /callback, /logout", async () => {
    const jar = new CookieJar();
    const authorize = await browse(jar, `${APP}/login`);
    expect(authorize.status).toBe(302);
    const back = new URL(await consentAtGitHub(authorize.headers.get("location")!, freshId()));
    const callback = await browse(jar, `${APP}/callback${back.search}`);
    expect(callback.status).toBe(302);
    expect((await browse(jar, `${APP}/me`)).status).toBe(200);
    expect((await browse(jar, `${APP}/logout`, { method: "POST" })).status).toBe(302);
    expect((await browse(jar, `${APP}/me`)).status).toBe(401);
  });

  it("lands on LOGIN_REDIRECT_URI's default, /, without redirect_uri", async () => {
    const callback = await login(new CookieJar(), freshId());
    expect(callback.headers.get("location")).toBe(`${APP}/`);
  });

  it("marks the admin named by ADMIN_OWNER_ID's numeric id", async () => {
    const admin = await loggedIn(ADMIN_ID);
    expect(((await (await browse(admin, `${APP}/me`)).json()) as { admin: boolean }).admin).toBe(true);
  });
});

describe("OAuth state", () => {
  it("is single use: a replayed callback with the kept cookie is refused", async () => {
    const id = freshId();
    const jar = new CookieJar();
    const authorize = await startLogin(jar);
    const pending = jar.get("__Host-udo_oauth")!;
    expect((await browse(jar, await consentAtGitHub(authorize, id))).status).toBe(302);
    // An attacker who kept the state cookie and gets a fresh code for the same state.
    jar.set("__Host-udo_oauth", pending);
    await expectError(await browse(jar, await consentAtGitHub(authorize, id)), 400, "state_replayed");
  });

  it("is bound to the browser: a callback without the login's cookie is refused", async () => {
    const callback = await consentAtGitHub(await startLogin(new CookieJar()), freshId());
    await expectError(await browse(new CookieJar(), callback), 400, "state_missing");
  });

  it("must match: another browser's cookie, a changed state or none at all is refused", async () => {
    const victim = new CookieJar();
    const attacker = new CookieJar();
    await startLogin(victim);
    const attackerCallback = await consentAtGitHub(await startLogin(attacker), freshId());
    // Login CSRF: the attacker's callback URL opened in the victim's browser.
    await expectError(await browse(victim, attackerCallback), 400, "state_mismatch");
    const url = new URL(attackerCallback);
    url.searchParams.delete("state");
    await expectError(await browse(attacker, url.toString()), 400, "state_mismatch");
    url.searchParams.set("state", "x".repeat(43));
    await expectError(await browse(attacker, url.toString()), 400, "state_mismatch");
    expect(victim.get("__Host-udo_session")).toBeUndefined();
  });

  it("refuses a tampered pending-login cookie", async () => {
    const jar = new CookieJar();
    const callback = await consentAtGitHub(await startLogin(jar), freshId());
    for (const bad of ["garbage", "a.b.c.d", `${jar.get("__Host-udo_oauth")}.extra`, ""]) {
      const forged = new CookieJar().set("__Host-udo_oauth", bad);
      await expectError(await browse(forged, callback), 400, "state_mismatch");
    }
  });
});

describe("GitHub answers", () => {
  it("a refused or reused code is a 400, GitHub down a 502, and nothing is stored", async () => {
    const jar = new CookieJar();
    const callback = new URL(await consentAtGitHub(await startLogin(jar), freshId()));
    const forged = new URL(callback);
    forged.searchParams.set("code", "not-a-code");
    await expectError(await browse(jar, forged.toString()), 400, "oauth_failed");
    await expectError(
      await browse(jar, `${APP}/oauth/callback?state=${callback.searchParams.get("state")}`),
      400,
      "bad_code",
    );

    const down = new CookieJar();
    await expectError(
      await browse(down, await consentAtGitHub(await startLogin(down), GITHUB_DOWN_ID)),
      502,
      "provider_unavailable",
    );
    expect(down.get("__Host-udo_session")).toBeUndefined();
  });

  it("a user who declines at GitHub gets a 400", async () => {
    const jar = new CookieJar();
    await startLogin(jar);
    await expectError(await browse(jar, `${APP}/oauth/callback?error=access_denied&state=x`), 400, "oauth_denied");
  });
});

describe("redirect_uri", () => {
  const attempts = [
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "/\t/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "https://app.example.com.evil.example/",
    "https://user:pass@app.example.com/",
    "http://app.example.com/", // another origin: the scheme differs
    "https://docs.example.com.evil/",
    "data:text/html,hi",
    "x".repeat(3000),
  ];

  it("refuses open redirects at login and at logout", async () => {
    for (const target of attempts) {
      const q = `?redirect_uri=${encodeURIComponent(target)}`;
      await expectError(await SELF.fetch(`${APP}/oauth/login${q}`, { redirect: "manual" }), 400, "bad_redirect");
      await expectError(
        await SELF.fetch(`${APP}/oauth/logout${q}`, { method: "POST", redirect: "manual" }),
        400,
        "bad_redirect",
      );
    }
  });

  it("accepts paths, this origin and allow-listed origins", async () => {
    const callback = await login(
      new CookieJar(),
      freshId(),
      `?redirect_uri=${encodeURIComponent("https://docs.example.com/guide")}`,
    );
    expect(callback.headers.get("location")).toBe("https://docs.example.com/guide");
    const out = await SELF.fetch(`${APP}/oauth/logout?redirect_uri=${encodeURIComponent(`${APP}/bye`)}`, {
      method: "POST",
      redirect: "manual",
    });
    expect(out.headers.get("location")).toBe(`${APP}/bye`);
  });

  it("refuses bad GitHub scopes", async () => {
    await expectError(
      await SELF.fetch(`${APP}/oauth/login?scope=${encodeURIComponent("repo <script>")}`, { redirect: "manual" }),
      400,
      "bad_scope",
    );
  });
});

describe("logout", () => {
  it("deletes the session server-side: the old cookie is dead everywhere", async () => {
    const jar = await loggedIn(freshId());
    const stolen = jar.get("__Host-udo_session")!;
    const out = await browse(jar, `${APP}/oauth/logout?redirect_uri=%2F`, {
      method: "POST",
      headers: { origin: APP, "sec-fetch-site": "same-origin" },
    });
    expect(out.status).toBe(302);
    expect(jar.get("__Host-udo_session")).toBeUndefined();
    const replay = new CookieJar().set("__Host-udo_session", stolen);
    await expectError(await browse(replay, `${APP}/me`), 401, "unauthenticated");
  });

  it("clears a malformed cookie without failing", async () => {
    const jar = new CookieJar().set("__Host-udo_session", "garbage");
    const out = await browse(jar, `${APP}/oauth/logout`, { method: "POST" });
    expect(out.status).toBe(302);
    expect(jar.get("__Host-udo_session")).toBeUndefined();
  });

  it("is never a GET: a link on any site logs no one out", async () => {
    const jar = await loggedIn(freshId());
    for (const path of ["/oauth/logout", "/logout"]) {
      // An <img src> or a link from another site: no Accept for HTML, a 405 naming POST.
      const hit = await browse(jar, `${APP}${path}`, { headers: { "sec-fetch-site": "cross-site" } });
      await expectError(hit.clone(), 405, "method_not_allowed");
      expect(hit.headers.get("allow")).toBe("POST");
      expect(hit.headers.getSetCookie()).toEqual([]);
      expect((await browse(jar, `${APP}/me`)).status).toBe(200);
    }
  });

  it("answers a browser's GET with a page whose button posts the logout, logging out nothing by itself", async () => {
    const jar = await loggedIn(freshId());
    const page = await browse(jar, `${APP}/logout?redirect_uri=%2Fbye%3Fa%3D1%26b%3D%22`, {
      headers: { accept: "text/html,application/xhtml+xml" },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self'");
    expect(page.headers.getSetCookie()).toEqual([]);
    expect(await page.text()).toContain(
      '<form method="post" action="/logout?redirect_uri=%2Fbye%3Fa%3D1%26b%3D%22"><button type="submit">Log out</button></form>',
    );
    expect((await browse(jar, `${APP}/me`)).status).toBe(200);
    // The page checks redirect_uri like the logout does.
    await expectError(
      await browse(jar, `${APP}/logout?redirect_uri=https%3A%2F%2Fevil.example%2F`, {
        headers: { accept: "text/html" },
      }),
      400,
      "bad_redirect",
    );
  });

  it("refuses a POST from another site, and keeps the session", async () => {
    const jar = await loggedIn(freshId());
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { origin: "https://sub.app.example.com", "sec-fetch-site": "same-site" },
    ];
    for (const headers of attempts) {
      for (const path of ["/oauth/logout", "/logout"]) {
        const out = await browse(jar, `${APP}${path}`, { method: "POST", headers });
        await expectError(out.clone(), 403, "cross_origin");
        expect(out.headers.getSetCookie()).toEqual([]);
      }
    }
    expect((await browse(jar, `${APP}/me`)).status).toBe(200);
  });
});
