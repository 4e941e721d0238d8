import { describe, expect, it } from "vitest";
import { adminId, isAdmin } from "../src/index.js";
import { CookieJar, appWith, browse, consentAtGitHub, expectError, freshId, login, startLogin } from "./helpers.js";

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie();
}

describe("cookies", () => {
  it("over https: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    const app = appWith({});
    const jar = new CookieJar();
    const start = await browse(jar, "https://app.example.com/oauth/login", {}, app);
    const [state] = setCookies(start);
    expect(state).toMatch(/^__Host-udo_oauth=[^;]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
    const callback = await browse(jar, await consentAtGitHub(start.headers.get("location")!, freshId()), {}, app);
    const [session, cleared] = setCookies(callback);
    expect(session).toMatch(
      /^__Host-udo_session=\d+\.[0-9a-f]{64}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(cleared).toBe("__Host-udo_oauth=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
  });

  it("with COOKIE_DOMAIN: the explicit domain, no prefix, still Secure", async () => {
    const app = appWith({ COOKIE_DOMAIN: "example.com" });
    const jar = new CookieJar();
    const callback = await login(jar, freshId(), "", "https://app.example.com", app);
    const [session] = setCookies(callback);
    expect(session).toMatch(
      /^udo_session=\d+\.[0-9a-f]{64}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure; Domain=example\.com$/,
    );
    // Another subdomain of the shared domain reads the same session.
    const me = await browse(jar, "https://api.example.com/me", {}, app);
    expect(me.status).toBe(200);
  });

  it("a host COOKIE_DOMAIN does not cover is a 421; a COOKIE_DOMAIN that is not a domain is a loud 500", async () => {
    await expectError(
      await browse(new CookieJar(), "https://app.other.dev/oauth/login", {}, appWith({ COOKIE_DOMAIN: "example.com" })),
      421,
      "wrong_host",
    );
    for (const bad of ["com", "*.example.com", "example.com/path", "http://example.com"]) {
      await expectError(
        await browse(new CookieJar(), "https://app.example.com/oauth/login", {}, appWith({ COOKIE_DOMAIN: bad })),
        500,
        "auth_misconfigured",
      );
    }
  });

  it("over plain http on localhost: no Secure, no prefix (browsers drop Secure cookies there)", async () => {
    const app = appWith({});
    const jar = new CookieJar();
    const callback = await login(jar, freshId(), "", "http://localhost:8787", app);
    const [session] = setCookies(callback);
    expect(session).toMatch(/^udo_session=\d+\.[0-9a-f]{64}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    expect((await browse(jar, "http://localhost:8787/me", {}, app)).status).toBe(200);
  });

  it("over plain http anywhere else: still Secure", async () => {
    const start = await browse(new CookieJar(), "http://app.example.com/oauth/login", {}, appWith({}));
    expect(setCookies(start)[0]).toMatch(/^__Host-udo_oauth=.*; Secure$/);
  });
});

describe("dev login (SKIP_LOGIN)", () => {
  it("signs in the dev profile on localhost without GitHub", async () => {
    const app = appWith({ SKIP_LOGIN: "true" });
    const jar = new CookieJar();
    const response = await browse(jar, "http://127.0.0.1:8787/oauth/login?redirect_uri=%2Fapp", {}, app);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://127.0.0.1:8787/app");
    const me = (await (await browse(jar, "http://127.0.0.1:8787/me", {}, app)).json()) as {
      user: string;
      profile: { login: string };
    };
    expect(me).toMatchObject({ user: "1", profile: { login: "dev", sourceDomain: "127.0.0.1" } });
  });

  it("is refused off localhost", async () => {
    const app = appWith({ SKIP_LOGIN: "true" });
    for (const url of [
      "https://app.example.com/oauth/login",
      "https://localhost.example.com/login",
      "https://127.0.0.1.nip.io/oauth/login",
    ]) {
      const jar = new CookieJar();
      await expectError(await browse(jar, url, {}, app), 403, "dev_login_refused");
      expect(jar.get("__Host-udo_session")).toBeUndefined();
    }
  });

  it("takes only true or false", async () => {
    await expectError(
      await browse(new CookieJar(), "http://localhost/oauth/login", {}, appWith({ SKIP_LOGIN: "yes" })),
      500,
      "auth_misconfigured",
    );
  });

  it("SKIP_LOGIN=false goes to GitHub", async () => {
    const location = await startLogin(new CookieJar(), "", "http://localhost:8787", appWith({ SKIP_LOGIN: "false" }));
    expect(location).toMatch(/^https:\/\/github\.com\/login\/oauth\/authorize\?/);
  });
});

describe("configuration", () => {
  it("GITHUB_REDIRECT_URI and LOGIN_REDIRECT_URI are used", async () => {
    const app = appWith({
      GITHUB_REDIRECT_URI: "https://app.example.com/callback",
      LOGIN_REDIRECT_URI: "https://app.example.com/welcome",
    });
    const jar = new CookieJar();
    const authorize = await startLogin(jar, "", "https://app.example.com", app);
    expect(new URL(authorize).searchParams.get("redirect_uri")).toBe("https://app.example.com/callback");
    const callback = await browse(jar, await consentAtGitHub(authorize, freshId()), {}, app);
    expect(callback.headers.get("location")).toBe("https://app.example.com/welcome");
  });

  it("a missing GitHub client secret is a 404 that says what is missing, even with X configured", async () => {
    const response = await browse(
      new CookieJar(),
      "https://app.example.com/oauth/login",
      {},
      appWith({ GITHUB_CLIENT_SECRET: "" }),
    );
    // Not a silent switch to X: a half-set GitHub app is named as such.
    await expectError(response, 404, "provider_not_configured");
  });

  it("ADMIN_OWNER_ID takes stable ids only: a GitHub numeric id or x-<id>", () => {
    expect(adminId({ ADMIN_OWNER_ID: "583231" })).toBe("583231");
    expect(adminId({ ADMIN_OWNER_ID: " x-1849265 " })).toBe("x-1849265");
    expect(isAdmin("583231", { ADMIN_OWNER_ID: "583231" })).toBe(true);
    expect(isAdmin("x-583231", { ADMIN_OWNER_ID: "583231" })).toBe(false); // an X account never passes for a GitHub one
    expect(adminId({})).toBeNull();
    expect(isAdmin("1", {})).toBe(false);
  });

  it("ADMIN_OWNER_ID as a login is refused, saying why (renames) and where the numeric id is", async () => {
    // "the-admin" is a real login at the fake GitHub (id 4242): it is still refused, and nothing asks GitHub.
    for (const owner of ["the-admin", "octocat", "0583231", "x-", "x-octocat", "583231,1"]) {
      let thrown: unknown = null;
      try {
        adminId({ ADMIN_OWNER_ID: owner });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, owner).toMatchObject({ status: 500, code: "auth_misconfigured" });
      expect((thrown as Error).message).toMatch(/renam/);
      expect((thrown as Error).message).toContain("https://api.github.com/users/");
    }
    expect(() => isAdmin("4242", { ADMIN_OWNER_ID: "the-admin" })).toThrow(/ADMIN_OWNER_ID/);
    // Every auth route says so, before anyone could be taken for the admin.
    const response = await browse(
      new CookieJar(),
      "https://app.example.com/me",
      {},
      appWith({ ADMIN_OWNER_ID: "the-admin" }),
    );
    await expectError(response, 500, "auth_misconfigured");
  });
});
