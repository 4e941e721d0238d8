// Signing is the default: off localhost, auth serves nothing without
// AUTH_SIGNING_KEY unless the operator opts out with AUTH_UNSIGNED=true, and
// the Worker can tell, before any object is called, whether a credential is
// one this app signed (what counts against an IP's limit).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hasSignedCredential, readCredential } from "../src/index.js";
import { APP, CookieJar, appWith, browse, expectError, freshId, login } from "./helpers.js";

const KEY = "signing-key-one-at-least-32-characters";
const HEX64 = "c".repeat(64);
/** The deploy's vars as a production deploy without a key would have them (the test config opts out). */
const NO_KEY = { AUTH_UNSIGNED: undefined, AUTH_SIGNING_KEY: undefined };

function bearer(url: string, token: string): Request {
  return new Request(url, { headers: { authorization: `Bearer ${token}` } });
}

describe("signing by default", () => {
  it("off localhost without AUTH_SIGNING_KEY, every auth route is a 404 that says what to set", async () => {
    const app = appWith(NO_KEY);
    const requests = [
      new Request(`${APP}/oauth/login`),
      new Request(`${APP}/login?provider=x`),
      new Request(`${APP}/oauth/callback?code=a&state=b`),
      new Request(`${APP}/me`, { headers: { authorization: `Bearer udo_${freshId()}_${HEX64}` } }),
      new Request(`${APP}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ githubToken: "ghp_fake_1", scopes: ["x"] }),
      }),
      new Request(`${APP}/oauth/logout`, { method: "POST" }),
    ];
    for (const request of requests) {
      const response = await app(request);
      const { error } = (await response.clone().json()) as { error: string };
      await expectError(response, 404, "signing_key_missing");
      expect(error).toContain("AUTH_SIGNING_KEY");
      expect(error).toContain("AUTH_UNSIGNED=true");
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it("readCredential refuses a presented credential there (401), and answers null when there is none", async () => {
    const request = bearer(`${APP}/api`, `udo_${freshId()}_${HEX64}`);
    await expect(readCredential(request, { env: {} })).rejects.toMatchObject({
      status: 401,
      code: "signing_key_missing",
    });
    expect(await readCredential(new Request(`${APP}/api`), { env: {} })).toBeNull();
  });

  it("localhost keeps working without a key: dev logs in, unsigned", async () => {
    const app = appWith(NO_KEY);
    const jar = new CookieJar();
    const id = freshId();
    expect((await login(jar, id, "", "http://localhost:8787", app)).status).toBe(302);
    expect(jar.get("udo_session")).toMatch(new RegExp(`^${id}\\.[0-9a-f]{64}$`));
    expect((await browse(jar, "http://localhost:8787/me", {}, app)).status).toBe(200);
    const local = await readCredential(bearer("http://127.0.0.1:8787/api", `udo_${id}_${HEX64}`), { env: {} });
    expect(local).toMatchObject({ kind: "token", user: String(id), signed: false });
  });

  it("AUTH_UNSIGNED=true opts out: served unsigned anywhere, and a key still wins", async () => {
    const request = bearer(`${APP}/api`, `udo_1_${HEX64}`);
    expect(await readCredential(request, { env: { AUTH_UNSIGNED: "true" } })).toMatchObject({ signed: false });
    await expect(
      readCredential(request, { env: { AUTH_UNSIGNED: "true", AUTH_SIGNING_KEY: KEY } }),
    ).rejects.toMatchObject({ status: 401, code: "malformed_credential" });
    const optedOut = appWith({ ...NO_KEY, AUTH_UNSIGNED: "true" });
    expect((await optedOut(new Request(`${APP}/oauth/login`))).status).toBe(302);
    await expect(readCredential(request, { env: { AUTH_UNSIGNED: "yes" } })).rejects.toMatchObject({
      status: 500,
      code: "auth_misconfigured",
    });
  });
});

describe("hasSignedCredential: whether the Worker verified the credential, before any object", () => {
  it("is true only for a credential this app signed", async () => {
    const app = appWith({ AUTH_SIGNING_KEY: KEY });
    const jar = new CookieJar();
    const id = freshId();
    expect((await login(jar, id, "", APP, app)).status).toBe(302);
    const session = jar.get("__Host-udo_session")!;
    const signed = { AUTH_SIGNING_KEY: KEY };
    const check = (headers: Record<string, string>, vars: Record<string, string> = signed) =>
      hasSignedCredential(new Request(`${APP}/api`, { headers }), { env: vars });
    expect(await check({ cookie: `__Host-udo_session=${session}` })).toBe(true);
    expect(await check({})).toBe(false); // anonymous
    expect(await check({ cookie: "__Host-udo_session=garbage" })).toBe(false); // malformed
    expect(await check({ authorization: `Bearer udo_${id}_${HEX64}` })).toBe(false); // unsigned
    expect(await check({ authorization: `Bearer udo_${id}_${HEX64}_${"0".repeat(32)}` })).toBe(false); // forged tag
    // Without signing nothing is verified in the Worker: only the object can tell.
    expect(await check({ cookie: `__Host-udo_session=${session}` }, { AUTH_UNSIGNED: "true" })).toBe(false);
    expect(
      await check({ authorization: `Bearer udo_${id}_${HEX64}` }, { AUTH_SIGNING_KEY: KEY, AUTH_SIGNING: "optional" }),
    ).toBe(false);
    // A configuration error stays loud, with or without a credential.
    await expect(check({}, { AUTH_SIGNING_KEY: "short" })).rejects.toMatchObject({ status: 500 });
    await expect(check({ authorization: `Bearer udo_${id}_${HEX64}` }, { AUTH_UNSIGNED: "1" })).rejects.toMatchObject({
      status: 500,
    });
    expect(env.AUTH_UNSIGNED).toBe("true"); // the other test files run opted out, as documented in wrangler.test.jsonc
  });
});
