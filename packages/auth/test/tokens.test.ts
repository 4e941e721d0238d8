import { SELF, env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MAX_TOKEN_TTL_SECONDS, TOKENS_TABLE } from "../src/index.js";
import { APP, CookieJar, basic, browse, createToken, expectError, freshId, loggedIn, login } from "./helpers.js";

function api(path: string, authorization: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`${APP}${path}`, { ...init, headers: { ...init.headers, authorization } });
}

describe("API tokens", () => {
  it("are created for the logged-in user with scopes, expiry and budget, shown once", async () => {
    const id = freshId();
    const jar = await loggedIn(id);
    const before = Date.now();
    const issued = await createToken(jar, { name: "ci", scopes: ["todo:read"], expiresIn: 3600, budget: 500 });
    expect(issued).toEqual({
      token: expect.stringMatching(new RegExp(`^udo_${id}_[0-9a-f]{64}$`)),
      id: expect.stringMatching(/^tok_[0-9a-f]{24}$/),
      name: "ci",
      scopes: ["todo:read"],
      budget: 500,
      createdAt: expect.any(Number),
      expiresAt: expect.any(Number),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(issued.expiresAt as number).toBeGreaterThanOrEqual(before + 3_600_000);
    // Only the hash is stored.
    const rows = await env.USERS.get(env.USERS.idFromName(String(id))).authRows(TOKENS_TABLE);
    expect(JSON.stringify(rows)).not.toContain(issued.token.slice(-64));
    expect(rows[0]).toMatchObject({ id: issued.id, secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("work as Bearer and as the basic auth password, and answer /me with their identity", async () => {
    const id = freshId();
    const { token, id: tokenId } = await createToken(await loggedIn(id), { scopes: ["todo:read"], budget: 7 });
    for (const authorization of [`Bearer ${token}`, basic("anything", token), basic(`user-${id}`, token)]) {
      const me = await api("/me", authorization);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({
        user: String(id),
        via: "token",
        tokenId,
        scopes: ["todo:read"],
        budget: 7,
      });
    }
  });

  it("carry scopes: a read token cannot write", async () => {
    const { token } = await createToken(await loggedIn(freshId()), { scopes: ["todo:read"] });
    expect((await api("/api/todos", `Bearer ${token}`)).status).toBe(200);
    await expectError(await api("/api/todos", `Bearer ${token}`, { method: "POST" }), 403, "missing_scope");
    const all = await createToken(await loggedIn(freshId()), {});
    expect(all.scopes).toEqual(["*"]);
    expect((await api("/api/todos", `Bearer ${all.token}`, { method: "POST" })).status).toBe(200);
  });

  it("are listed without secrets and revoked, after which they are refused", async () => {
    const jar = await loggedIn(freshId());
    const a = await createToken(jar, { name: "a" });
    const b = await createToken(jar, { name: "b" });
    const list = (await (await browse(jar, `${APP}/oauth/tokens`)).json()) as { tokens: Record<string, unknown>[] };
    expect(list.tokens.map((t) => t.name).sort()).toEqual(["a", "b"]);
    expect(JSON.stringify(list)).not.toMatch(/[0-9a-f]{64}|secret/);
    const revoked = await browse(jar, `${APP}/oauth/tokens/${a.id}`, { method: "DELETE" });
    expect(await revoked.json()).toEqual({ revoked: true });
    await expectError(await api("/me", `Bearer ${a.token}`), 401, "unauthenticated");
    expect((await api("/me", `Bearer ${b.token}`)).status).toBe(200);
    // Revoking twice, or an unknown id, revokes nothing.
    expect(await (await browse(jar, `${APP}/oauth/tokens/${a.id}`, { method: "DELETE" })).json()).toEqual({
      revoked: false,
    });
    await expectError(await browse(jar, `${APP}/oauth/tokens/nope`, { method: "DELETE" }), 400, "bad_input");
    const after = (await (await browse(jar, `${APP}/oauth/tokens`)).json()) as {
      tokens: { id: string; revokedAt: number | null }[];
    };
    expect(after.tokens.find((t) => t.id === a.id)!.revokedAt).toEqual(expect.any(Number));
  });

  it("expire", async () => {
    const id = freshId();
    const { token, id: tokenId } = await createToken(await loggedIn(id), { expiresIn: 60 });
    expect((await api("/me", `Bearer ${token}`)).status).toBe(200);
    const stub = env.USERS.get(env.USERS.idFromName(String(id)));
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec(`UPDATE ${TOKENS_TABLE} SET expires_at = ? WHERE id = ?`, Date.now() - 1, tokenId);
    });
    await expectError(await api("/me", `Bearer ${token}`), 401, "unauthenticated");
  });

  it("record their last use", async () => {
    const id = freshId();
    const jar = await loggedIn(id);
    const { token, id: tokenId } = await createToken(jar, {});
    await api("/api/todos", `Bearer ${token}`);
    const list = (await (await browse(jar, `${APP}/oauth/tokens`)).json()) as {
      tokens: { id: string; lastUsedAt: number | null }[];
    };
    expect(list.tokens.find((t) => t.id === tokenId)!.lastUsedAt).toEqual(expect.any(Number));
  });

  it("cannot mint tokens, nor manage without the auth scope", async () => {
    const jar = await loggedIn(freshId());
    const { token } = await createToken(jar, { scopes: ["todo:read"] });
    const minted = await api("/oauth/token", `Bearer ${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expectError(minted, 403, "session_required");
    await expectError(await api("/oauth/tokens", `Bearer ${token}`), 403, "missing_scope");
    await expectError(await api("/oauth/sessions", `Bearer ${token}`), 403, "missing_scope");
    const manager = await createToken(jar, { scopes: ["auth"] });
    expect((await api("/oauth/tokens", `Bearer ${manager.token}`)).status).toBe(200);
  });

  it("are exchanged for a valid GitHub access token without a browser", async () => {
    const id = freshId();
    const response = await SELF.fetch(`${APP}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ githubToken: `gho_fake_${id}`, name: "cli", scopes: ["todo:read"] }),
    });
    expect(response.status).toBe(201);
    const issued = (await response.json()) as { token: string };
    const me = (await (await api("/me", `Bearer ${issued.token}`)).json()) as {
      user: string;
      profile: { login: string };
    };
    expect(me).toMatchObject({ user: String(id), profile: { login: `user-${id}` } });
    const refused = await SELF.fetch(`${APP}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ githubToken: "gho_stolen_or_expired", scopes: ["todo:read"] }),
    });
    await expectError(refused, 401, "provider_token_rejected");
  });

  it("need a login", async () => {
    const response = await SELF.fetch(`${APP}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expectError(response, 401, "unauthenticated");
  });
});

describe("POST /oauth/token refuses bad input with a JSON 4xx", () => {
  const cases: [string, RequestInit, number, string][] = [
    [
      "text/plain (cross-site form)",
      { headers: { "content-type": "text/plain" }, body: "{}" },
      415,
      "unsupported_media_type",
    ],
    ["malformed JSON", { body: "{nope" }, 400, "bad_json"],
    ["an array", { body: "[]" }, 400, "bad_json"],
    ["a huge body", { body: JSON.stringify({ name: "x".repeat(10_000) }) }, 413, "body_too_large"],
    ["unknown fields", { body: JSON.stringify({ scope: ["a"] }) }, 400, "bad_input"],
    ["an empty scope list", { body: JSON.stringify({ scopes: [] }) }, 400, "bad_input"],
    ["a bad scope", { body: JSON.stringify({ scopes: ["Todo Write"] }) }, 400, "bad_input"],
    ["a fractional budget", { body: JSON.stringify({ budget: 1.5 }) }, 400, "bad_input"],
    ["a negative budget", { body: JSON.stringify({ budget: -1 }) }, 400, "bad_input"],
    ["a string expiry", { body: JSON.stringify({ expiresIn: "1d" }) }, 400, "bad_input"],
    ["an expiry over a year", { body: JSON.stringify({ expiresIn: MAX_TOKEN_TTL_SECONDS + 1 }) }, 400, "bad_input"],
    ["a long name", { body: JSON.stringify({ name: "n".repeat(101) }) }, 400, "bad_input"],
  ];

  it.each(cases)("%s", async (_, init, status, code) => {
    const jar = await loggedIn(freshId());
    const headers = { "content-type": "application/json", ...(init.headers as Record<string, string>) };
    await expectError(await browse(jar, `${APP}/oauth/token`, { method: "POST", ...init, headers }), status, code);
    const list = (await (await browse(jar, `${APP}/oauth/tokens`)).json()) as { tokens: unknown[] };
    expect(list.tokens).toEqual([]); // nothing half-written
  });

  it("a cross-origin POST with the session cookie", async () => {
    const jar = await loggedIn(freshId());
    const response = await browse(jar, `${APP}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: "{}",
    });
    await expectError(response, 403, "cross_origin");
  });

  it("a wrong method", async () => {
    const response = await SELF.fetch(`${APP}/oauth/token`);
    await expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("sessions", () => {
  it("are listed and revoked by their owner", async () => {
    const id = freshId();
    const first = await loggedIn(id);
    const second = new CookieJar();
    await login(second, id);
    const list = (await (await browse(first, `${APP}/oauth/sessions`)).json()) as { sessions: { id: string }[] };
    expect(list.sessions).toHaveLength(2);
    expect(JSON.stringify(list)).not.toMatch(/[0-9a-f]{64}/);
    for (const s of list.sessions) await browse(first, `${APP}/oauth/sessions/${s.id}`, { method: "DELETE" });
    await expectError(await browse(first, `${APP}/me`), 401, "unauthenticated");
    await expectError(await browse(second, `${APP}/me`), 401, "unauthenticated");
  });

  it("are not revoked by a cross-site request", async () => {
    const jar = await loggedIn(freshId());
    const list = (await (await browse(jar, `${APP}/oauth/sessions`)).json()) as { sessions: { id: string }[] };
    const cross = await browse(jar, `${APP}/oauth/sessions/${list.sessions[0]!.id}`, {
      method: "DELETE",
      headers: { "sec-fetch-site": "cross-site" },
    });
    await expectError(cross, 403, "cross_origin");
    expect((await browse(jar, `${APP}/me`)).status).toBe(200);
  });

  it("expire", async () => {
    const id = freshId();
    const jar = await loggedIn(id);
    await runInDurableObject(env.USERS.get(env.USERS.idFromName(String(id))), (_, state) => {
      state.storage.sql.exec("UPDATE _userdo_auth_sessions SET expires_at = ?", Date.now() - 1);
    });
    await expectError(await browse(jar, `${APP}/me`), 401, "unauthenticated");
  });
});
