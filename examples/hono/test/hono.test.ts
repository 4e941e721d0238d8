import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const ORIGIN = "http://localhost";
const STUDIO_TOKEN = "test-studio-token-for-the-hono-tests-0000";

/** Dev login (SKIP_LOGIN=true, localhost): the session cookie auth's /oauth/login sets. */
async function login(): Promise<string> {
  const answer = await SELF.fetch(`${ORIGIN}/oauth/login`, { redirect: "manual" });
  expect(answer.status).toBe(302);
  const cookie = answer.headers.getSetCookie().find((c) => /udo_session=/.test(c));
  expect(cookie).toBeDefined();
  return cookie!.split(";")[0]!;
}

function api(path: string, cookie: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (cookie) headers.set("cookie", cookie);
  headers.set("origin", ORIGIN);
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" });
}

const json = { "content-type": "application/json" };

describe("userdo in a Hono app", () => {
  it("mounts auth under /oauth/*: dev login, then /me from the same handler", async () => {
    const cookie = await login();
    const me = await api("/me", cookie);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: expect.any(String), via: "session" });
    expect((await api("/oauth/nothing-here", cookie)).status).toBe(404);
  });

  it("checks the caller in a middleware: 401 JSON without a session", async () => {
    const answer = await api("/api/notes", null);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: "log in first: /oauth/login", code: "unauthenticated" });
  });

  it("stores and lists the caller's notes in their own object", async () => {
    const cookie = await login();
    const added = await api("/api/notes", cookie, { method: "POST", headers: json, body: '{"text":"hello"}' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ id: expect.any(Number), text: "hello" });
    const list = (await (await api("/api/notes", cookie)).json()) as { notes: { text: string }[] };
    expect(list.notes[0]!.text).toBe("hello");
  });

  it("answers a bad body with userdo's JSON errors, through app.onError", async () => {
    const cookie = await login();
    for (const [body, headers, status, code, words] of [
      ['{"text":""}', json, 400, "bad_input", /^text: /],
      ['{"text":"a","colour":"red"}', json, 400, "bad_input", /unknown field "colour"/],
      ["[]", json, 400, "bad_input", /input must be an object/],
      ["{nope", json, 400, "bad_json", /not valid JSON/],
      ['{"text":"a"}', { "content-type": "text/plain" }, 415, "unsupported_media_type", /application\/json/],
      [JSON.stringify({ text: "x".repeat(5000) }), json, 413, "body_too_large", /./],
    ] as const) {
      const answer = await api("/api/notes", cookie, { method: "POST", headers, body });
      expect(answer.status, body.slice(0, 20)).toBe(status);
      const error = (await answer.json()) as { code: string; error: string };
      expect(error.code, body.slice(0, 20)).toBe(code);
      expect(error.error, body.slice(0, 20)).toMatch(words);
    }
  });

  it("mounts the studio under /sqlite/*, behind its token", async () => {
    const cookie = await login();
    const { user } = (await (await api("/me", cookie)).json()) as { user: string };
    await api("/api/notes", cookie, { method: "POST", headers: json, body: '{"text":"seen in the studio"}' });
    const url = `${ORIGIN}/sqlite/USERS/${user}/query/raw`;
    const query = { method: "POST", body: JSON.stringify({ sql: "SELECT text FROM note ORDER BY id DESC LIMIT 1" }) };
    expect((await SELF.fetch(url, { ...query, headers: json })).status).toBe(401);
    const answer = await SELF.fetch(url, { ...query, headers: { ...json, authorization: `Bearer ${STUDIO_TOKEN}` } });
    expect(answer.status).toBe(200);
    const { result } = (await answer.json()) as { result: { columns: string[]; rows: unknown[] } };
    expect(result.columns).toEqual(["text"]);
    expect(JSON.stringify(result.rows)).toContain("seen in the studio");
  });

  it("logs out through the mounted handler: the session stops working", async () => {
    const cookie = await login();
    const out = await api("/oauth/logout", cookie, { method: "POST" });
    expect(out.status).toBe(302);
    expect((await api("/api/notes", cookie)).status).toBe(401);
  });
});
