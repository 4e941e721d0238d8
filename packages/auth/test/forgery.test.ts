// Every forged or malformed credential is a 401 with a JSON body: never a
// crash, never another user's data.
import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { APP, CookieJar, basic, browse, createToken, expectError, freshId, loggedIn } from "./helpers.js";

const HEX64 = "a".repeat(64);

describe("forged and malformed credentials", () => {
  const malformedCookies = [
    "garbage",
    "123",
    "123.",
    `.${HEX64}`,
    `0123.${HEX64}`, // leading zero: not a GitHub id
    `abc.${HEX64}`,
    `123.${HEX64.slice(1)}`,
    `123.${HEX64.toUpperCase()}`,
    `123.${HEX64}.x`,
    `${"9".repeat(21)}.${HEX64}`,
    `../../etc.${HEX64}`,
    `123%2e${HEX64}`,
  ];

  it.each(malformedCookies)("cookie %s is a 401", async (value) => {
    await expectError(
      await browse(new CookieJar().set("__Host-udo_session", value), `${APP}/me`),
      401,
      "malformed_credential",
    );
  });

  const malformedAuthorizations = [
    "Bearer",
    "Bearer ",
    "Bearer not-a-token",
    `Bearer udo_123_${HEX64}x`,
    `Bearer udo__${HEX64}`,
    `Bearer udo_abc_${HEX64}`,
    `Bearer ghp_${HEX64}`,
    "Basic !!!notbase64",
    `Basic ${btoa("no-colon")}`,
    `Basic ${btoa("user:not-a-token")}`,
    `Digest username="x"`,
    `Token udo_123_${HEX64}`,
  ];

  it.each(malformedAuthorizations)("Authorization %s is a 401", async (authorization) => {
    await expectError(await SELF.fetch(`${APP}/me`, { headers: { authorization } }), 401, "malformed_credential");
  });

  it("a well-formed but unknown secret is a 401, for sessions and tokens", async () => {
    const id = freshId();
    await loggedIn(id);
    await expectError(
      await browse(new CookieJar().set("__Host-udo_session", `${id}.${HEX64}`), `${APP}/me`),
      401,
      "unauthenticated",
    );
    await expectError(
      await SELF.fetch(`${APP}/me`, { headers: { authorization: `Bearer udo_${id}_${HEX64}` } }),
      401,
      "unauthenticated",
    );
    // A user that never logged in: still a 401.
    await expectError(
      await SELF.fetch(`${APP}/me`, { headers: { authorization: `Bearer udo_${freshId()}_${HEX64}` } }),
      401,
      "unauthenticated",
    );
  });

  it("a real secret under another user's name opens nothing", async () => {
    const alice = freshId();
    const bob = freshId();
    const aliceJar = await loggedIn(alice);
    await loggedIn(bob);
    const secret = aliceJar.get("__Host-udo_session")!.split(".")[1];
    await expectError(
      await browse(new CookieJar().set("__Host-udo_session", `${bob}.${secret}`), `${APP}/me`),
      401,
      "unauthenticated",
    );
    const { token } = await createToken(aliceJar, {});
    const swapped = token.replace(`udo_${alice}_`, `udo_${bob}_`);
    await expectError(
      await SELF.fetch(`${APP}/me`, { headers: { authorization: `Bearer ${swapped}` } }),
      401,
      "unauthenticated",
    );
    // And the object itself refuses a credential naming another user, even with a matching hash.
    const bobStub = env.USERS.get(env.USERS.idFromName(String(bob)));
    expect(await bobStub.authWhoAmI({ kind: "token", user: String(alice), secretHash: HEX64 })).toBeNull();
  });

  it("a session cookie is not a token, nor a token a session cookie", async () => {
    const id = freshId();
    const jar = await loggedIn(id);
    const secret = jar.get("__Host-udo_session")!.split(".")[1];
    await expectError(
      await SELF.fetch(`${APP}/me`, { headers: { authorization: `Bearer udo_${id}_${secret}` } }),
      401,
      "unauthenticated",
    );
    const { token } = await createToken(jar, {});
    const tokenSecret = token.split("_")[2];
    await expectError(
      await browse(new CookieJar().set("__Host-udo_session", `${id}.${tokenSecret}`), `${APP}/me`),
      401,
      "unauthenticated",
    );
  });

  it("the unprefixed cookie name is ignored over https without domain sharing (a sibling subdomain could plant it)", async () => {
    const jar = await loggedIn(freshId());
    const planted = new CookieJar().set("udo_session", jar.get("__Host-udo_session")!);
    await expectError(await browse(planted, `${APP}/me`), 401, "unauthenticated");
  });

  it("getUser answers null for none and for a forged one, the user for a valid one", async () => {
    expect(await (await SELF.fetch(`${APP}/api/whoami`)).json()).toBeNull();
    const forged = await SELF.fetch(`${APP}/api/whoami`, {
      headers: { authorization: `Bearer udo_${freshId()}_${HEX64}` },
    });
    expect(await forged.json()).toBeNull();
    const id = freshId();
    const { token } = await createToken(await loggedIn(id), { scopes: ["todo:read"] });
    const user = await SELF.fetch(`${APP}/api/whoami`, { headers: { authorization: basic("x", token) } });
    expect(await user.json()).toMatchObject({
      user: String(id),
      via: "token",
      scopes: ["todo:read"],
      profile: { login: `user-${id}` },
    });
  });

  it("an object credential check with junk input is null, not a crash", async () => {
    const stub = env.USERS.get(env.USERS.idFromName("123"));
    for (const junk of [
      null,
      1,
      "x",
      {},
      { kind: "admin", user: "123", secretHash: HEX64 },
      { kind: "token", user: "123", secretHash: "zz" },
    ]) {
      expect(await stub.authWhoAmI(junk as never)).toBeNull();
    }
  });
});
