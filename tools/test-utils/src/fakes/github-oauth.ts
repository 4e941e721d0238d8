// A fake GitHub at the network edge: every outbound fetch of the test Worker
// (the Worker's code, its Durable Objects and the tests themselves) lands here,
// in the vitest process. It speaks the parts of GitHub's OAuth and REST API
// that @userdo/auth uses, statelessly except for single-use codes.
// X is served too (x-oauth.ts), as a second provider.
// Written with web APIs only (no node: imports), so it type-checks with the
// Workers types and runs in Node alike.

import { b64url, fromB64url, json, s256 } from "./oauth-wire.js";
import { fakeX } from "./x-oauth.js";

export const FAKE_CLIENT_ID = "test-client-id";
export const FAKE_CLIENT_SECRET = "test-client-secret";

/** Ids with special behaviour. Any other id is a normal user `user-<id>`. */
export const GITHUB_DOWN_ID = 5000;
export const NO_VERIFIED_EMAIL_ID = 1002;
export const ADMIN_LOGIN = "the-admin";
export const ADMIN_ID = 4242;

const usedCodes = new Set<string>();

function profileFor(id: number) {
  return {
    id,
    login: id === ADMIN_ID ? ADMIN_LOGIN : `user-${id}`,
    name: `User ${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    email: null,
    bio: "writes tests",
    blog: "https://example.com",
    twitter_username: `tw${id}`,
    created_at: "2011-01-25T18:44:36Z",
  };
}

function authorize(url: URL): Response {
  const redirect = url.searchParams.get("redirect_uri");
  const state = url.searchParams.get("state");
  const id = Number(url.searchParams.get("login_as") ?? "1001");
  if (!redirect || !state) return json({ error: "missing redirect_uri or state" }, 400);
  const code = b64url(
    new TextEncoder().encode(
      JSON.stringify({
        id,
        challenge: url.searchParams.get("code_challenge"),
        method: url.searchParams.get("code_challenge_method"),
        redirect,
        clientId: url.searchParams.get("client_id"),
        nonce: b64url(crypto.getRandomValues(new Uint8Array(8))),
      }),
    ),
  );
  const back = new URL(redirect);
  back.searchParams.set("code", code);
  back.searchParams.set("state", state);
  return new Response(null, { status: 302, headers: { location: back.toString() } });
}

async function accessToken(request: Request): Promise<Response> {
  const expected = `Basic ${btoa(`${FAKE_CLIENT_ID}:${FAKE_CLIENT_SECRET}`)}`;
  if (request.headers.get("authorization") !== expected) return json({ error: "incorrect_client_credentials" });
  const form = new URLSearchParams(await request.text());
  const code = form.get("code") ?? "";
  let grant: { id: number; challenge: string | null; method: string | null; redirect: string; clientId: string };
  try {
    grant = JSON.parse(fromB64url(code));
  } catch {
    return json({ error: "bad_verification_code" });
  }
  if (grant.id === GITHUB_DOWN_ID) return new Response("unicorn", { status: 503 });
  // GitHub answers 200 with an error body for a bad code.
  if (usedCodes.has(code) || grant.clientId !== FAKE_CLIENT_ID) return json({ error: "bad_verification_code" });
  if (form.get("redirect_uri") !== grant.redirect) return json({ error: "redirect_uri_mismatch" });
  if (grant.challenge !== null) {
    const verifier = form.get("code_verifier") ?? "";
    const challenge = await s256(verifier);
    if (grant.method !== "S256" || challenge !== grant.challenge)
      return json({ error: "invalid_grant", error_description: "PKCE" });
  }
  usedCodes.add(code);
  return json({ access_token: `gho_fake_${grant.id}`, token_type: "bearer", scope: "read:user,user:email" });
}

// Tokens the fake knows: `gho_fake_<id>` is this app's (from the code
// exchange), `gho_other_<id>` another OAuth app's, `ghp_fake_<id>` and
// `github_pat_fake_<id>` personal access tokens. All of them read /user.
const TOKEN = /^(gho_fake|gho_other|ghp_fake|github_pat_fake)_(\d+)$/;

function userFromToken(request: Request): number | null {
  const match = TOKEN.exec(/^(?:Bearer|token) (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "");
  return match ? Number(match[2]) : null;
}

/** `POST /applications/{client_id}/token`: 200 only for this app's own tokens, as GitHub's token check. */
async function checkToken(request: Request, clientId: string): Promise<Response> {
  if (request.method !== "POST") return json({ message: "Not Found" }, 404);
  if (
    clientId !== FAKE_CLIENT_ID ||
    request.headers.get("authorization") !== `Basic ${btoa(`${FAKE_CLIENT_ID}:${FAKE_CLIENT_SECRET}`)}`
  ) {
    return json({ message: "Bad credentials" }, 401);
  }
  const { access_token: token } = (await request.json().catch(() => ({}))) as { access_token?: unknown };
  if (typeof token !== "string") return json({ message: "Invalid request" }, 422);
  const match = TOKEN.exec(token);
  if (match?.[1] !== "gho_fake") return json({ message: "Not Found" }, 404);
  return json({
    id: 1,
    token,
    app: { client_id: FAKE_CLIENT_ID, name: "test app" },
    user: profileFor(Number(match[2])),
  });
}

async function api(request: Request, url: URL): Promise<Response> {
  if (!request.headers.get("user-agent")) return json({ message: "Request forbidden: missing User-Agent" }, 403);
  const check = /^\/applications\/([^/]+)\/token$/.exec(url.pathname);
  if (check) return checkToken(request, decodeURIComponent(check[1]!));
  const id = userFromToken(request);
  if (id === null) return json({ message: "Bad credentials" }, 401);
  if (id === GITHUB_DOWN_ID) return new Response("unicorn", { status: 503 });
  if (url.pathname === "/user") return json(profileFor(id));
  if (url.pathname === "/user/emails") {
    if (id === NO_VERIFIED_EMAIL_ID) return json([{ email: "unverified@example.com", primary: true, verified: false }]);
    return json([
      { email: `old-${id}@example.com`, primary: false, verified: true },
      { email: `user-${id}@example.com`, primary: true, verified: true },
    ]);
  }
  return json({ message: "Not Found" }, 404);
}

/** The outbound fetch handler: GitHub, then X, or a loud 599 for anywhere else. */
export async function fakeGitHub(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host === "github.com" && url.pathname === "/login/oauth/authorize") return authorize(url);
  if (url.host === "github.com" && url.pathname === "/login/oauth/access_token" && request.method === "POST")
    return accessToken(request);
  if (url.host === "api.github.com") return api(request, url);
  return (await fakeX(request)) ?? new Response(`fake network: nothing at ${url.host}`, { status: 599 });
}
