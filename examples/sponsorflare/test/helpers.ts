// Helpers for the example's tests: real logins through the Worker's own routes.
import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";

export const ORIGIN = "http://localhost";

let nextIp = 1;
/** A fresh client IP per caller, so the anonymous rate limit of one test never leaks into another. */
export function freshIp(): string {
  const n = nextIp++;
  return `198.51.${(n >> 8) & 255}.${n & 255}`;
}

/** The `name=value` pair of a Set-Cookie header, for a Cookie header. */
export function cookiePair(setCookie: string | null): string {
  if (!setCookie) throw new Error("no Set-Cookie header");
  return setCookie.split(";")[0]!;
}

/** Signs in through the dev login (SKIP_LOGIN on localhost): the dev user, id "1", the admin here. */
export async function devLogin(): Promise<{ cookie: string; location: string | null }> {
  const response = await SELF.fetch(`${ORIGIN}/oauth/login?redirect_uri=%2Fdashboard`, {
    redirect: "manual",
    headers: { "cf-connecting-ip": freshIp() },
  });
  if (response.status !== 302) throw new Error(`dev login answered ${response.status}: ${await response.text()}`);
  return { cookie: cookiePair(response.headers.get("set-cookie")), location: response.headers.get("location") };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

let nextUser = 5_000_000;
/**
 * Another user than the dev one, signed in the way the OAuth callback does it
 * (the auth plugin's `authSignIn` with the session's hash); returns the cookie.
 * `provider: "x"` makes an X user (`x-<id>`).
 */
export async function otherUser(
  login = "octocat",
  provider: "github" | "x" = "github",
): Promise<{ id: string; cookie: string }> {
  const id = `${provider === "x" ? "x-" : ""}${nextUser++}`;
  const secret = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  await userStub(env.USERS, id).authSignIn({
    profile: {
      id,
      login,
      name: null,
      avatarUrl: null,
      email: null,
      bio: null,
      blog: null,
      twitterUsername: null,
      createdAt: null,
      sourceDomain: "localhost",
    },
    providerToken: null,
    stateHash: null,
    session: {
      id: `ses_${secret.slice(0, 24)}`,
      secretHash: await sha256Hex(secret),
      expiresAt: Date.now() + 3_600_000,
      userAgent: null,
      sourceDomain: null,
    },
  });
  return { id, cookie: `udo_session=${id}.${secret}` };
}

/** Calls the Worker as a browser on this site would (same-origin fetch). */
export function sameOrigin(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  headers.set("sec-fetch-site", "same-origin");
  if (init.method && init.method !== "GET") headers.set("origin", ORIGIN);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", freshIp());
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" });
}
