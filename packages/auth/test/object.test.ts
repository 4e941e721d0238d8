// The contract other plugins build on, checked inside the object: synchronous
// verification inside a transaction, expiry by `now`, last use, the profile.
import { SELF, createExecutionContext, env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  LAST_USE_RESOLUTION_MS,
  MAX_SESSIONS,
  type Credential,
  auth,
  authRoutes,
  openSecret,
  readProfile,
  verifyCredential,
} from "../src/index.js";
import { type PluginContext, type UserDO, runtimeOf } from "@userdo/core";
import { APP, CookieJar, browse, createToken, expectError, freshId, loggedIn, login } from "./helpers.js";
import { type BareObject, type UserObject, authOptions } from "./worker.js";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function tokenCredential(token: string): Promise<Credential> {
  const [, user, secret] = token.split("_");
  return { kind: "token", user: user!, secretHash: await sha256Hex(secret!) };
}

function userObject(id: number | string) {
  return env.USERS.get(env.USERS.idFromName(String(id)));
}

/** The real plugin context inside a live object, as another plugin's method sees it. */
function contextOf(instance: UserObject | BareObject): PluginContext {
  const plugins = (instance.constructor as typeof UserDO).plugins;
  return runtimeOf(instance).contextFor(plugins.find((p) => p.name === "auth") ?? plugins[0]!);
}

describe("verifyCredential inside the object", () => {
  it("runs inside another plugin's transactionSync: verify and write in one step", async () => {
    const id = freshId();
    const { token } = await createToken(await loggedIn(id), {});
    const credential = await tokenCredential(token);
    const stub = userObject(id);
    expect(await stub.paidCall(credential, false)).toBe(1);
    expect(await stub.paidCall(credential, false)).toBe(2);
    // A failing step rolls back everything it wrote in the same transaction.
    await expect(stub.paidCall(credential, true)).rejects.toThrow("charge failed");
    expect(await stub.paidCall(credential, false)).toBe(3);
    expect(await stub.paidCall({ ...credential, secretHash: "b".repeat(64) }, false)).toBeNull();
  });

  it("checks expiry against `now` and records last use to the minute", async () => {
    const id = freshId();
    const { token, id: tokenId, expiresAt } = await createToken(await loggedIn(id), { expiresIn: 120, budget: 3 });
    const credential = await tokenCredential(token);
    await runInDurableObject(userObject(id), (instance, state) => {
      const ctx = contextOf(instance);
      const now = Date.now();
      expect(verifyCredential(ctx, credential, now)).toEqual({
        user: String(id),
        via: "token",
        tokenId,
        scopes: ["*"],
        budget: 3,
      });
      const lastUse = () =>
        state.storage.sql.exec<{ t: number }>("SELECT last_used_at AS t FROM _userdo_auth_tokens").one().t;
      expect(lastUse()).toBe(now);
      verifyCredential(ctx, credential, now + LAST_USE_RESOLUTION_MS - 1);
      expect(lastUse()).toBe(now); // within the resolution: no write
      verifyCredential(ctx, credential, now + LAST_USE_RESOLUTION_MS);
      expect(lastUse()).toBe(now + LAST_USE_RESOLUTION_MS);
      expect(verifyCredential(ctx, credential, expiresAt as number)).toBeNull();
    });
  });

  it("survives eviction: sessions and tokens are in storage, not memory", async () => {
    const id = freshId();
    const jar = await loggedIn(id);
    const { token } = await createToken(jar, {});
    await evictDurableObject(userObject(id));
    expect((await browse(jar, `${APP}/me`)).status).toBe(200);
    expect((await SELF.fetch(`${APP}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("readProfile is null before the first login and the profile after", async () => {
    const id = freshId();
    await runInDurableObject(userObject(id), (instance) => {
      expect(readProfile(contextOf(instance))).toBeNull();
    });
    await loggedIn(id);
    await runInDurableObject(userObject(id), (instance) => {
      expect(readProfile(contextOf(instance))).toMatchObject({ id: String(id), login: `user-${id}` });
    });
  });

  it("a class without auth() gets a clear error, not SQLite's", async () => {
    const stub = env.BARE.get(env.BARE.idFromName("42"));
    await runInDurableObject(stub, (instance) => {
      const ctx = contextOf(instance);
      expect(() => verifyCredential(ctx, { kind: "token", user: "42", secretHash: "a".repeat(64) })).toThrow(
        /add auth\(\) to its plugins/,
      );
      expect(() => readProfile(ctx)).toThrow(/add auth\(\) to its plugins/);
    });
  });

  it("refuses a profile that does not belong to the object", async () => {
    const stub = userObject(freshId());
    const profile = {
      id: "1",
      login: "x",
      name: null,
      avatarUrl: null,
      email: null,
      bio: null,
      blog: null,
      twitterUsername: null,
      createdAt: null,
      sourceDomain: null,
    };
    await expect(stub.authSignIn({ profile, providerToken: null, stateHash: null })).rejects.toMatchObject({
      status: 400,
      code: "wrong_user",
    });
  });
});

describe("secrets stay in the object", () => {
  it("the plugin replicates the profile only, never sessions, tokens or the provider token", () => {
    const rules = auth().replicate!;
    expect(rules.map((r) => r.table)).toEqual(["_userdo_auth_profile"]);
    expect(rules[0]!.columns).not.toContain("provider_token");
  });

  it("the GitHub token is not kept by default", async () => {
    const id = freshId();
    await loggedIn(id);
    expect(await userObject(id).sealedProviderToken()).toBeNull();
  });

  it("with keepProviderToken it is sealed with AUTH_SECRET, never in a cookie", async () => {
    const handler = authRoutes({ ...authOptions, keepProviderToken: true });
    const app = async (request: Request) => (await handler(request, env, createExecutionContext()))!;
    const id = freshId();
    const jar = new CookieJar();
    const callback = await login(jar, id, "", APP, app);
    expect(callback.headers.getSetCookie().join("\n")).not.toContain("gho_");
    const sealed = await userObject(id).sealedProviderToken();
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("gho_");
    expect(await openSecret(sealed!, env.AUTH_SECRET)).toBe(`gho_fake_${id}`);
    await expect(openSecret(sealed!, "another-secret-that-is-32-characters-or-more")).rejects.toMatchObject({
      code: "bad_sealed_secret",
    });
    // No AUTH_SECRET: the login is refused before GitHub (404 naming it), and no session is opened.
    const bare = { ...env, AUTH_SECRET: "" };
    const noSecret = async (request: Request) => (await handler(request, bare, createExecutionContext()))!;
    const other = new CookieJar();
    await expectError(await browse(other, `${APP}/oauth/login`, {}, noSecret), 404, "provider_not_configured");
    expect(other.get("__Host-udo_session")).toBeUndefined();
  });

  it("nothing secret reaches the object's log", async () => {
    const id = freshId();
    const jar = await loggedIn(id);
    const { token } = await createToken(jar, {});
    const log = JSON.stringify(await userObject(id).readLog({ level: "debug" }));
    expect(log).not.toContain(jar.get("__Host-udo_session")!.split(".")[1]);
    expect(log).not.toContain(token.split("_")[2]);
    expect(log).not.toContain("gho_");
  });
});

describe("limits and concurrency", () => {
  it("keeps at most MAX_SESSIONS sessions, dropping the oldest", async () => {
    const id = freshId();
    const first = await loggedIn(id);
    await Promise.all(Array.from({ length: MAX_SESSIONS }, () => login(new CookieJar(), id)));
    const latest = await loggedIn(id);
    const list = (await (await browse(latest, `${APP}/oauth/sessions`)).json()) as { sessions: unknown[] };
    expect(list.sessions).toHaveLength(MAX_SESSIONS);
    await expectError(await browse(first, `${APP}/me`), 401, "unauthenticated");
  });

  it("concurrent logins of one user each get their own working session", async () => {
    const id = freshId();
    const jars = await Promise.all(Array.from({ length: 8 }, () => loggedIn(id)));
    const answers = await Promise.all(jars.map((jar) => browse(jar, `${APP}/me`)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(jars.map((j) => j.get("__Host-udo_session"))).size).toBe(8);
  });
});
