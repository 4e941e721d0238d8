import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { STUDIO_MIN_TOKEN_LENGTH, studioRoute } from "../src/index.js";

const URL = "https://app.test/sqlite/STUDIO_TODO/attempts/query/raw";

function request(token: string | null): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return new Request(URL, { method: "POST", headers, body: '{"sql": "SELECT 1 AS one"}' });
}

async function answer(route: ReturnType<typeof studioRoute<Cloudflare.Env>>, req: Request) {
  const response = (await route(req, env, createExecutionContext()))!;
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

afterEach(() => vi.restoreAllMocks());

describe("the studio token's minimum length", () => {
  it("turns the studio off for everyone while a token is under 32 characters, saying why, once in the logs", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const short = "s".repeat(STUDIO_MIN_TOKEN_LENGTH - 1);
    const route = studioRoute<Cloudflare.Env>({
      namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
      token: () => short,
    });
    for (const token of [short, null, "anything"]) {
      const refused = await answer(route, request(token));
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        code: "studio_token_too_short",
        error: expect.stringMatching(
          /token \(STUDIO_TOKEN\) is 31 characters, and it must be at least 32; set a longer/,
        ),
      });
      expect(JSON.stringify(refused.body)).not.toContain(short);
    }
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toMatch(/studioRoute: the studio is off.*openssl rand -hex 32/);
  });

  it("applies to the read-only token too, and serves a token of exactly 32 characters", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const exact = "e".repeat(STUDIO_MIN_TOKEN_LENGTH);
    const withShortReadOnly = studioRoute<Cloudflare.Env>({
      namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO },
      token: () => exact,
      readOnlyToken: () => "ro-short",
    });
    const refused = await answer(withShortReadOnly, request(exact));
    expect(refused).toMatchObject({ status: 403, body: { error: expect.stringMatching(/read-only token/) } });
    const fine = studioRoute<Cloudflare.Env>({ namespaces: { STUDIO_TODO: (e) => e.STUDIO_TODO }, token: () => exact });
    expect((await answer(fine, request(exact))).status).toBe(200);
  });
});
