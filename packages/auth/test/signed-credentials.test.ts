import { createExecutionContext, env } from "cloudflare:test";
import { errorResponse } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { type AuthObject, authRoutes, getUser, readCredential } from "../src/index.js";
import { type App, APP, CookieJar, basic, browse, expectError, freshId, login } from "./helpers.js";
import { authOptions } from "./worker.js";

const KEY = "signing-key-one-at-least-32-characters";
const OLD_KEY = "signing-key-old-at-least-32-characters";
const HEX64 = "b".repeat(64);

/** The users namespace, recording every object name a stub is made for. */
function recordingUsers(): { users: () => DurableObjectNamespace<AuthObject>; named: string[] } {
  const named: string[] = [];
  const namespace = env.USERS as unknown as DurableObjectNamespace<AuthObject>;
  const recording = {
    idFromName: (name: string) => {
      named.push(name);
      return namespace.idFromName(name);
    },
    get: (id: DurableObjectId) => namespace.get(id),
  } as DurableObjectNamespace<AuthObject>;
  return { users: () => recording, named };
}

/** Auth's routes plus `/whoami` (getUser), under these vars. */
function appWith(vars: Record<string, string | undefined>, users = recordingUsers().users): App {
  const options = { ...authOptions, users };
  const handler = authRoutes(options);
  return async (request) => {
    const e = { ...env, ...vars };
    if (new URL(request.url).pathname === "/whoami")
      return getUser(request, e, options).then((user) => Response.json(user), errorResponse);
    return (await handler(request, e, createExecutionContext())) ?? new Response("app", { status: 404 });
  };
}

async function signedIn(app: App): Promise<{ jar: CookieJar; id: number; token: string }> {
  const id = freshId();
  const jar = new CookieJar();
  expect((await login(jar, id, "", APP, app)).status).toBe(302);
  const created = await browse(
    jar,
    `${APP}/oauth/token`,
    { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
    app,
  );
  expect(created.status).toBe(201);
  return { jar, id, token: ((await created.json()) as { token: string }).token };
}

describe("signed credentials (AUTH_SIGNING_KEY)", () => {
  it("sign every session and token, which work as before", async () => {
    const app = appWith({ AUTH_SIGNING_KEY: KEY });
    const { jar, id, token } = await signedIn(app);
    expect(jar.get("__Host-udo_session")).toMatch(new RegExp(`^${id}\\.[0-9a-f]{64}\\.[0-9a-f]{32}$`));
    expect(token).toMatch(new RegExp(`^udo_${id}_[0-9a-f]{64}_[0-9a-f]{32}$`));
    expect((await browse(jar, `${APP}/me`, {}, app)).status).toBe(200);
    expect((await app(new Request(`${APP}/me`, { headers: { authorization: `Bearer ${token}` } }))).status).toBe(200);
    expect((await app(new Request(`${APP}/me`, { headers: { authorization: basic("any", token) } }))).status).toBe(200);
  });

  it("refuse a forged credential in the Worker: no object is ever called", async () => {
    const { users, named } = recordingUsers();
    const app = appWith({ AUTH_SIGNING_KEY: KEY }, users);
    const victim = freshId();
    const forged: Record<string, string>[] = [
      { authorization: `Bearer udo_${victim}_${HEX64}` }, // unsigned
      { authorization: `Bearer udo_${victim}_${HEX64}_${"c".repeat(32)}` }, // a made-up tag
      { authorization: basic("x", `udo_x-${victim}_${HEX64}_${"0".repeat(32)}`) },
      { cookie: `__Host-udo_session=${victim}.${HEX64}` },
      { cookie: `__Host-udo_session=${victim}.${HEX64}.${"d".repeat(32)}` },
    ];
    for (const headers of forged) {
      await expectError(await app(new Request(`${APP}/me`, { headers })), 401, "malformed_credential");
      await expectError(await app(new Request(`${APP}/whoami`, { headers })), 401, "malformed_credential");
    }
    expect(named).toEqual([]);
  });

  it("bind the tag to the user, the secret and the kind", async () => {
    const app = appWith({ AUTH_SIGNING_KEY: KEY });
    const { jar, id, token } = await signedIn(app);
    const other = freshId();
    const [, secret, tag] = jar.get("__Host-udo_session")!.split(".");
    const [, , tokenSecret, tokenTag] = token.split("_");
    const attempts: Record<string, string>[] = [
      { cookie: `__Host-udo_session=${other}.${secret}.${tag}` }, // another user
      { cookie: `__Host-udo_session=${id}.${HEX64}.${tag}` }, // another secret
      { authorization: `Bearer udo_${id}_${secret}_${tag}` }, // a session's tag on a token
      { cookie: `__Host-udo_session=${id}.${tokenSecret}.${tokenTag}` }, // a token's tag on a session
    ];
    for (const headers of attempts)
      await expectError(await app(new Request(`${APP}/me`, { headers })), 401, "malformed_credential");
  });

  it("rotate: credentials signed with the old key work while it is listed second, and stop once it is gone", async () => {
    const before = await signedIn(appWith({ AUTH_SIGNING_KEY: OLD_KEY }));
    const rotating = appWith({ AUTH_SIGNING_KEY: `${KEY},${OLD_KEY}` });
    expect((await browse(before.jar, `${APP}/me`, {}, rotating)).status).toBe(200);
    const after = await signedIn(rotating);
    expect((await browse(after.jar, `${APP}/me`, {}, appWith({ AUTH_SIGNING_KEY: KEY }))).status).toBe(200);
    await expectError(
      await browse(before.jar, `${APP}/me`, {}, appWith({ AUTH_SIGNING_KEY: KEY })),
      401,
      "malformed_credential",
    );
  });

  it("roll out: AUTH_SIGNING=optional still takes credentials issued before the key, but never a bad tag", async () => {
    const unsigned = await signedIn(appWith({}));
    expect(unsigned.token).toMatch(/^udo_\d+_[0-9a-f]{64}$/);
    const optional = appWith({ AUTH_SIGNING_KEY: KEY, AUTH_SIGNING: "optional" });
    expect((await browse(unsigned.jar, `${APP}/me`, {}, optional)).status).toBe(200);
    expect(
      (await optional(new Request(`${APP}/me`, { headers: { authorization: `Bearer ${unsigned.token}` } }))).status,
    ).toBe(200);
    await expectError(
      await browse(unsigned.jar, `${APP}/me`, {}, appWith({ AUTH_SIGNING_KEY: KEY })),
      401,
      "malformed_credential",
    );
    const badTag = `${unsigned.token}_${"e".repeat(32)}`;
    await expectError(
      await optional(new Request(`${APP}/me`, { headers: { authorization: `Bearer ${badTag}` } })),
      401,
      "malformed_credential",
    );
  });

  it("roll back: without a key, signed credentials still open their object (the object checks the secret)", async () => {
    const signed = await signedIn(appWith({ AUTH_SIGNING_KEY: KEY }));
    expect((await browse(signed.jar, `${APP}/me`, {}, appWith({}))).status).toBe(200);
  });

  it("is checked by readCredential given the env, and refuses a bad configuration loudly", async () => {
    const request = new Request(`${APP}/x`, { headers: { authorization: `Bearer udo_1_${HEX64}` } });
    await expect(readCredential(request, { env: { AUTH_SIGNING_KEY: KEY } })).rejects.toMatchObject({
      status: 401,
      code: "malformed_credential",
    });
    expect(await readCredential(request, { env: { AUTH_UNSIGNED: "true" } })).toMatchObject({
      kind: "token",
      user: "1",
      signed: false,
    });
    for (const vars of [
      { AUTH_SIGNING_KEY: "short" },
      { AUTH_SIGNING_KEY: KEY, AUTH_SIGNING: "sometimes" },
      { AUTH_SIGNING: "required" },
    ]) {
      await expect(readCredential(request, { env: vars })).rejects.toMatchObject({
        status: 500,
        code: "auth_misconfigured",
      });
    }
  });
});
