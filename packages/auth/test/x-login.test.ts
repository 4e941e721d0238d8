import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loginProviders, providerLabel } from "../src/index.js";
import { X_DOWN_ID, X_RATE_LIMITED_ID } from "@userdo/test-utils/fakes";
import {
  type App,
  APP,
  CookieJar,
  appWith,
  basic,
  browse,
  consentAtGitHub,
  consentAtX,
  createToken,
  expectError,
  freshId,
  freshXId,
  startLogin,
} from "./helpers.js";
import { authOptions } from "./worker.js";

/** The whole X flow: login, consent as `xId`, callback. Answers the callback's response. */
async function loginWithX(jar: CookieJar, xId: string, query = "", app?: App): Promise<Response> {
  const callback = await consentAtX(await startLogin(jar, `?provider=x${query}`, APP, app), xId);
  return browse(jar, callback, {}, app);
}

async function me(jar: CookieJar): Promise<{ user: string; admin: boolean; profile: Record<string, unknown> }> {
  const response = await browse(jar, `${APP}/me`);
  expect(response.status).toBe(200);
  return response.json();
}

describe("X login", () => {
  it("sends the browser to X with state, PKCE S256, X's scopes and X's own callback", async () => {
    const jar = new CookieJar();
    const location = new URL(await startLogin(jar, "?provider=x"));
    expect(location.origin + location.pathname).toBe("https://twitter.com/i/oauth2/authorize");
    expect(location.searchParams.get("client_id")).toBe("test-x-client-id");
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP}/oauth/x/callback`);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get("scope")).toBe("users.read tweet.read");
    const state = location.searchParams.get("state")!;
    expect(jar.get("__Host-udo_oauth")!.startsWith(`${state}.`)).toBe(true);
    expect(jar.get("__Host-udo_oauth")!.endsWith(".x")).toBe(true);
  });

  it("names the user x-<id>, stores the X profile and opens a session", async () => {
    const id = freshXId();
    const jar = new CookieJar();
    const callback = await loginWithX(jar, id, "&redirect_uri=%2Fdashboard");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${APP}/dashboard`);
    // 19 digits survive exactly: the id is never a JavaScript number.
    expect(jar.get("__Host-udo_session")).toMatch(new RegExp(`^x-${id}\\.[0-9a-f]{64}$`));
    expect(jar.get("__Host-udo_oauth")).toBeUndefined();
    expect(await me(jar)).toEqual({
      user: `x-${id}`,
      via: "session",
      tokenId: null,
      scopes: ["*"],
      budget: null,
      admin: false,
      profile: {
        id: `x-${id}`,
        provider: "x",
        login: `x_user_${id}`,
        name: `X User ${id}`,
        avatarUrl: `https://pbs.twimg.com/profile_images/${id}/a_normal.jpg`,
        email: null, // users.email was not granted, so it was not asked for
        bio: "posts tests",
        blog: "https://example.org/me", // the expanded link, not t.co
        twitterUsername: `x_user_${id}`,
        createdAt: Date.parse("2013-12-14T04:35:55.000Z"),
        lastVerifiedAt: expect.any(Number),
        sourceDomain: "app.example.com",
      },
    });
  });

  it("stores the confirmed email when users.email is granted", async () => {
    const id = freshXId();
    const jar = new CookieJar();
    const authorize = new URL(await startLogin(jar, "?provider=x&scope=users.email"));
    expect(authorize.searchParams.get("scope")).toBe("users.read tweet.read users.email");
    expect((await browse(jar, await consentAtX(authorize.toString(), id))).status).toBe(302);
    expect((await me(jar)).profile.email).toBe(`x-${id}@example.com`);
  });

  it("keeps an X account and a GitHub account with the same number apart", async () => {
    const number = freshId();
    const github = new CookieJar();
    const githubCallback = await consentAtGitHub(await startLogin(github), number);
    expect((await browse(github, githubCallback)).status).toBe(302);
    const x = new CookieJar();
    expect((await loginWithX(x, String(number))).status).toBe(302);
    expect((await me(github)).user).toBe(String(number));
    expect((await me(x)).user).toBe(`x-${number}`);
    // The GitHub session's secret does not open the X object, nor the other way round.
    const githubSecret = github.get("__Host-udo_session")!.split(".")[1];
    const xSecret = x.get("__Host-udo_session")!.split(".")[1];
    await expectError(
      await browse(new CookieJar().set("__Host-udo_session", `x-${number}.${githubSecret}`), `${APP}/me`),
      401,
      "unauthenticated",
    );
    await expectError(
      await browse(new CookieJar().set("__Host-udo_session", `${number}.${xSecret}`), `${APP}/me`),
      401,
      "unauthenticated",
    );
  });

  it("issues API tokens to an X user, usable as Bearer and as the basic auth password", async () => {
    const id = freshXId();
    const jar = new CookieJar();
    await loginWithX(jar, id);
    const { token } = await createToken(jar, { scopes: ["todo:read"] });
    expect(token).toMatch(new RegExp(`^udo_x-${id}_[0-9a-f]{64}$`));
    const bearer = await SELF.fetch(`${APP}/api/todos`, { headers: { authorization: `Bearer ${token}` } });
    expect(await bearer.json()).toEqual({ ok: true, user: `x-${id}`, scope: "todo:read" });
    const viaBasic = await SELF.fetch(`${APP}/api/todos`, { headers: { authorization: basic(`x_user_${id}`, token) } });
    expect(viaBasic.status).toBe(200);
    await expectError(
      await SELF.fetch(`${APP}/api/todos`, { method: "POST", headers: { authorization: `Bearer ${token}` } }),
      403,
      "missing_scope",
    );
  });

  it("is single use: a replayed X callback with the kept cookie is refused", async () => {
    const id = freshXId();
    const jar = new CookieJar();
    const authorize = await startLogin(jar, "?provider=x");
    const pending = jar.get("__Host-udo_oauth")!;
    expect((await browse(jar, await consentAtX(authorize, id))).status).toBe(302);
    jar.set("__Host-udo_oauth", pending);
    await expectError(await browse(jar, await consentAtX(authorize, id)), 400, "state_replayed");
  });
});

describe("two providers, one app", () => {
  it("refuses a mix-up: a login sent to one provider cannot finish at the other's callback", async () => {
    const toGitHub = new CookieJar();
    const githubBack = new URL(await consentAtGitHub(await startLogin(toGitHub), freshId()));
    await expectError(await browse(toGitHub, `${APP}/oauth/x/callback${githubBack.search}`), 400, "provider_mismatch");
    const toX = new CookieJar();
    const xBack = new URL(await consentAtX(await startLogin(toX, "?provider=x"), freshXId()));
    await expectError(await browse(toX, `${APP}/oauth/callback${xBack.search}`), 400, "provider_mismatch");
    await expectError(await browse(toX, `${APP}/callback${xBack.search}`), 400, "provider_mismatch");
    expect(toGitHub.get("__Host-udo_session")).toBeUndefined();
    expect(toX.get("__Host-udo_session")).toBeUndefined();
  });

  it("answers 400 for an unknown provider and 404 for one this app has not configured", async () => {
    for (const provider of ["google", "X", "constructor", "__proto__", ""]) {
      await expectError(
        await SELF.fetch(`${APP}/oauth/login?provider=${provider}`, { redirect: "manual" }),
        400,
        "unknown_provider",
      );
    }
    const githubOnly = appWith({ X_CLIENT_ID: undefined, X_CLIENT_SECRET: undefined });
    await expectError(await githubOnly(new Request(`${APP}/oauth/login?provider=x`)), 404, "provider_not_configured");
    const xOnly = appWith({ GITHUB_CLIENT_ID: undefined, GITHUB_CLIENT_SECRET: undefined });
    await expectError(await xOnly(new Request(`${APP}/oauth/login?provider=github`)), 404, "provider_not_configured");
    // An X app with its id but no secret is not configured either (missing-config.test names the variable).
    const halfX = appWith({ X_CLIENT_SECRET: undefined });
    await expectError(await halfX(new Request(`${APP}/oauth/login?provider=x`)), 404, "provider_not_configured");
  });

  it("logs in with X by default when X is the only provider configured", async () => {
    const xOnly = appWith({ GITHUB_CLIENT_ID: undefined, GITHUB_CLIENT_SECRET: undefined });
    const jar = new CookieJar();
    const location = new URL(await startLogin(jar, "", APP, xOnly));
    expect(location.host).toBe("twitter.com");
    const neither = appWith({ GITHUB_CLIENT_ID: undefined, GITHUB_CLIENT_SECRET: undefined, X_CLIENT_ID: undefined });
    await expectError(await neither(new Request(`${APP}/oauth/login`)), 404, "provider_not_configured");
  });

  it("lists the providers a deploy can offer, for login buttons", () => {
    expect(loginProviders(env)).toEqual(["github", "x"]);
    expect(loginProviders({ ...env, X_CLIENT_SECRET: " " })).toEqual(["github"]);
    expect(loginProviders({ X_CLIENT_ID: "a", X_CLIENT_SECRET: "b" })).toEqual(["x"]);
    expect(loginProviders({})).toEqual([]);
    expect([providerLabel("github"), providerLabel("x")]).toEqual(["GitHub", "X"]);
  });

  it("uses X_REDIRECT_URI when set", async () => {
    const app = appWith({ X_REDIRECT_URI: "https://login.example.com/oauth/x/callback" });
    const location = new URL(await startLogin(new CookieJar(), "?provider=x", APP, app));
    expect(location.searchParams.get("redirect_uri")).toBe("https://login.example.com/oauth/x/callback");
  });

  it("refuses scopes that are not X scopes", async () => {
    for (const scope of ["read:user", "users.read <b>", "a".repeat(50)]) {
      await expectError(
        await SELF.fetch(`${APP}/oauth/login?provider=x&scope=${encodeURIComponent(scope)}`, { redirect: "manual" }),
        400,
        "bad_scope",
      );
    }
  });

  it("marks an X admin named by ADMIN_OWNER_ID=x-<id>, without asking GitHub", async () => {
    const id = freshXId();
    const app = appWith({ ADMIN_OWNER_ID: `x-${id}` });
    const jar = new CookieJar();
    expect((await loginWithX(jar, id, "", app)).status).toBe(302);
    const answer = (await (await browse(jar, `${APP}/me`, {}, app)).json()) as { admin: boolean };
    expect(answer.admin).toBe(true);
  });
});

describe("X answers", () => {
  it("a refused or reused code is a 400 and nothing is stored", async () => {
    const jar = new CookieJar();
    const callback = new URL(await consentAtX(await startLogin(jar, "?provider=x"), freshXId()));
    const forged = new URL(callback);
    forged.searchParams.set("code", "not-a-code");
    await expectError(await browse(jar, forged.toString()), 400, "oauth_failed");
    expect(jar.get("__Host-udo_session")).toBeUndefined();
  });

  it("X down or rate-limiting is a 502", async () => {
    for (const id of [X_DOWN_ID, X_RATE_LIMITED_ID]) {
      const jar = new CookieJar();
      await expectError(await loginWithX(jar, id), 502, "provider_unavailable");
      expect(jar.get("__Host-udo_session")).toBeUndefined();
    }
  });

  it("a token without the scopes users/me needs is refused", async () => {
    const narrow = appWith({}, { ...authOptions, xScopes: ["users.read"] });
    const jar = new CookieJar();
    await expectError(await loginWithX(jar, freshXId(), "", narrow), 401, "provider_token_rejected");
  });

  it("a user who declines at X gets a 400 naming X", async () => {
    const jar = new CookieJar();
    await startLogin(jar, "?provider=x");
    const response = await browse(jar, `${APP}/oauth/x/callback?error=access_denied&state=x`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^X did not sign you in/);
  });
});
