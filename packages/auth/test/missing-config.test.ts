// A deploy without a provider's app (dev, or an X-only deploy) answers every
// request for that provider with a 4xx that names what is not configured:
// nothing anyone can send turns missing configuration into a 5xx.
import { describe, expect, it } from "vitest";
import { encodePendingLogin } from "../src/worker/pending-login.js";
import { APP, type App, CookieJar, appWith, browse, expectError, startLogin } from "./helpers.js";
import { authOptions } from "./worker.js";

const NO_GITHUB = { GITHUB_CLIENT_ID: undefined, GITHUB_CLIENT_SECRET: undefined };
const NO_X = { X_CLIENT_ID: undefined, X_CLIENT_SECRET: undefined };

/** A pending-login cookie made up by the caller, as anyone can: it matches the state they send. */
function selfMadeState(provider: "github" | "x"): { jar: CookieJar; query: string } {
  const state = "s".repeat(43);
  const cookie = encodePendingLogin({
    provider,
    state,
    codeVerifier: "v".repeat(43),
    redirect: `${APP}/`,
    sourceDomain: "app.example.com",
  });
  return { jar: new CookieJar().set("__Host-udo_oauth", cookie), query: `?code=abc&state=${state}` };
}

async function expectNotConfigured(response: Response, names: RegExp): Promise<void> {
  const body = (await response.clone().json()) as { error: string };
  await expectError(response, 404, "provider_not_configured");
  expect(body.error).toMatch(names);
}

function exchange(app: App, githubToken: string): Promise<Response> {
  return app(
    new Request(`${APP}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ githubToken, scopes: ["todo:read"] }),
    }),
  );
}

describe("a provider that is not configured", () => {
  for (const [deploy, vars] of [
    ["dev, no provider at all", { ...NO_GITHUB, ...NO_X }],
    ["an X-only deploy", NO_GITHUB],
  ] as const) {
    describe(deploy, () => {
      const app = appWith(vars);

      it("the GitHub token exchange is a 404 naming GitHub's variables, without a session", async () => {
        for (const token of ["x", "gho_fake_1", "ghp_fake_2"]) {
          await expectNotConfigured(await exchange(app, token), /GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET/);
        }
      });

      it("GitHub's callbacks are a 404, even with a self-made state cookie", async () => {
        for (const path of ["/oauth/callback", "/callback"]) {
          const { jar, query } = selfMadeState("github");
          await expectNotConfigured(await browse(jar, `${APP}${path}${query}`, {}, app), /GITHUB_CLIENT_ID/);
          await expectNotConfigured(await browse(new CookieJar(), `${APP}${path}`, {}, app), /GitHub/);
        }
      });

      it("login with provider=github is a 404 naming it", async () => {
        await expectNotConfigured(await app(new Request(`${APP}/oauth/login?provider=github`)), /GitHub/);
      });
    });
  }

  it("dev with no provider: login is a 404 that says which variables to set", async () => {
    const none = appWith({ ...NO_GITHUB, ...NO_X });
    await expectNotConfigured(await none(new Request(`${APP}/oauth/login`)), /GITHUB_CLIENT_ID.*X_CLIENT_ID/);
    await expectNotConfigured(await none(new Request(`${APP}/login`)), /GITHUB_CLIENT_ID.*X_CLIENT_ID/);
  });

  it("X's callback without an X app is a 404, even with a self-made state cookie", async () => {
    const githubOnly = appWith(NO_X);
    const { jar, query } = selfMadeState("x");
    await expectNotConfigured(await browse(jar, `${APP}/oauth/x/callback${query}`, {}, githubOnly), /X_CLIENT_ID/);
  });

  it("half-set (an id without its secret) is a 404 naming the missing variable, not a switch to X", async () => {
    const half = appWith({ GITHUB_CLIENT_SECRET: undefined });
    await expectNotConfigured(await half(new Request(`${APP}/oauth/login`)), /GITHUB_CLIENT_SECRET is not set/);
    const { jar, query } = selfMadeState("github");
    await expectNotConfigured(await browse(jar, `${APP}/oauth/callback${query}`, {}, half), /GITHUB_CLIENT_SECRET/);
    const halfX = appWith({ X_CLIENT_SECRET: undefined });
    await expectNotConfigured(await halfX(new Request(`${APP}/oauth/login?provider=x`)), /X_CLIENT_SECRET is not set/);
  });

  it("keepProviderToken without AUTH_SECRET: login, callback and exchange are a 404 naming AUTH_SECRET", async () => {
    const keeping = appWith({ AUTH_SECRET: undefined }, { ...authOptions, keepProviderToken: true });
    await expectNotConfigured(await keeping(new Request(`${APP}/oauth/login`)), /AUTH_SECRET/);
    const { jar, query } = selfMadeState("github");
    await expectNotConfigured(await browse(jar, `${APP}/oauth/callback${query}`, {}, keeping), /AUTH_SECRET/);
    await expectNotConfigured(await exchange(keeping, "ghp_fake_3"), /AUTH_SECRET/);
  });

  it("a configured provider still logs in beside an unconfigured one", async () => {
    const location = await startLogin(new CookieJar(), "?provider=x", APP, appWith(NO_GITHUB));
    expect(new URL(location).host).toBe("twitter.com");
  });
});
