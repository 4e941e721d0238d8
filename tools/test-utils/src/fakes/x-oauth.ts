// A fake X at the network edge, beside the fake GitHub: the parts of X's
// OAuth 2.0 (authorize, token with HTTP Basic client auth and PKCE) and of
// API v2's users/me that @userdo/auth uses. Like X, it refuses
// `confirmed_email` unless the token was granted `users.email`.
// Web APIs only, so it type-checks with the Workers types and runs in Node.

import { b64url, json, s256 } from "./oauth-wire.js";

export const FAKE_X_CLIENT_ID = "test-x-client-id";
export const FAKE_X_CLIENT_SECRET = "test-x-client-secret";

/** X account ids with special behaviour; any other is a normal account `x_user_<id>`. */
export const X_DOWN_ID = "5000";
export const X_RATE_LIMITED_ID = "5001";

const usedCodes = new Set<string>();
const tokens = new Map<string, { id: string; scopes: string[] }>();

interface Grant {
  id: string;
  challenge: string | null;
  method: string | null;
  redirect: string;
  clientId: string | null;
  scopes: string[];
}
const grants = new Map<string, Grant>();

function authorize(url: URL): Response {
  const redirect = url.searchParams.get("redirect_uri");
  const state = url.searchParams.get("state");
  if (!redirect || !state || url.searchParams.get("response_type") !== "code")
    return json({ error: "invalid_request" }, 400);
  // X requires PKCE.
  if (!url.searchParams.get("code_challenge"))
    return json({ error: "invalid_request", error_description: "Missing code_challenge" }, 400);
  const code = b64url(crypto.getRandomValues(new Uint8Array(24)));
  grants.set(code, {
    id: url.searchParams.get("login_as") ?? "1849265000000000001",
    challenge: url.searchParams.get("code_challenge"),
    method: url.searchParams.get("code_challenge_method"),
    redirect,
    clientId: url.searchParams.get("client_id"),
    scopes: (url.searchParams.get("scope") ?? "").split(" ").filter((s) => s !== ""),
  });
  const back = new URL(redirect);
  back.searchParams.set("state", state);
  back.searchParams.set("code", code);
  return new Response(null, { status: 302, headers: { location: back.toString() } });
}

async function token(request: Request): Promise<Response> {
  const invalid = (description: string) => json({ error: "invalid_request", error_description: description }, 400);
  if (request.headers.get("authorization") !== `Basic ${btoa(`${FAKE_X_CLIENT_ID}:${FAKE_X_CLIENT_SECRET}`)}`) {
    return json({ error: "unauthorized_client", error_description: "Missing valid authorization header" }, 401);
  }
  const form = new URLSearchParams(await request.text());
  const code = form.get("code") ?? "";
  const grant = grants.get(code);
  if (
    form.get("grant_type") !== "authorization_code" ||
    grant === undefined ||
    usedCodes.has(code) ||
    grant.clientId !== FAKE_X_CLIENT_ID
  ) {
    return invalid("Value passed for the authorization code was invalid.");
  }
  if (grant.id === X_DOWN_ID) return new Response("over capacity", { status: 503 });
  if (form.get("redirect_uri") !== grant.redirect)
    return invalid("Value passed for the redirect uri did not match the uri of the authorization code.");
  if (grant.method !== "S256" || (await s256(form.get("code_verifier") ?? "")) !== grant.challenge)
    return invalid("Value passed for the code verifier did not match.");
  usedCodes.add(code);
  const accessToken = `xat_${b64url(crypto.getRandomValues(new Uint8Array(24)))}`;
  tokens.set(accessToken, { id: grant.id, scopes: grant.scopes });
  return json({ token_type: "bearer", expires_in: 7200, access_token: accessToken, scope: grant.scopes.join(" ") });
}

function usersMe(request: Request, url: URL): Response {
  const held = tokens.get(/^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "");
  if (held === undefined)
    return json({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }, 401);
  if (held.id === X_RATE_LIMITED_ID)
    return json({ title: "Too Many Requests", status: 429, detail: "Too Many Requests" }, 429);
  for (const needed of ["users.read", "tweet.read"]) {
    if (!held.scopes.includes(needed))
      return json({ title: "Forbidden", status: 403, detail: `Missing required OAuth2 scopes: ${needed}` }, 403);
  }
  const fields = (url.searchParams.get("user.fields") ?? "").split(",");
  if (fields.includes("confirmed_email") && !held.scopes.includes("users.email")) {
    return json({ title: "Forbidden", status: 403, detail: "Missing required OAuth2 scopes: users.email" }, 403);
  }
  const data: Record<string, unknown> = { id: held.id, name: `X User ${held.id}`, username: `x_user_${held.id}` };
  if (fields.includes("created_at")) data.created_at = "2013-12-14T04:35:55.000Z";
  if (fields.includes("description")) data.description = "posts tests";
  if (fields.includes("profile_image_url"))
    data.profile_image_url = `https://pbs.twimg.com/profile_images/${held.id}/a_normal.jpg`;
  if (fields.includes("url")) data.url = "https://t.co/abc123";
  if (fields.includes("entities"))
    data.entities = {
      url: { urls: [{ start: 0, end: 23, url: "https://t.co/abc123", expanded_url: "https://example.org/me" }] },
    };
  if (fields.includes("confirmed_email")) data.confirmed_email = `x-${held.id}@example.com`;
  return json({ data });
}

/** X's part of the fake network; null for any other host. */
export async function fakeX(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  if (url.host === "twitter.com" && url.pathname === "/i/oauth2/authorize") return authorize(url);
  if (url.host === "api.twitter.com" && url.pathname === "/2/oauth2/token" && request.method === "POST")
    return token(request);
  if (url.host === "api.x.com" && url.pathname === "/2/users/me") return usersMe(request, url);
  return null;
}
