// A small browser for the tests: follows the OAuth dance through the Worker and
// the fake GitHub, keeping cookies the way a browser would (by name).
import { SELF, createExecutionContext, env } from "cloudflare:test";
import { expect } from "vitest";
import { type AuthOptions, authRoutes } from "../src/index.js";
import { authOptions } from "./worker.js";

export const APP = "https://app.example.com";

/** Whatever answers requests: the test Worker (SELF) or a handler with another env. */
export type App = (request: Request) => Promise<Response>;
const self: App = (request) => SELF.fetch(request);

/** Auth's routes under other vars (or options), as another deploy would run them; any other path is a 404. */
export function appWith(
  vars: Record<string, string | undefined>,
  options: AuthOptions<Cloudflare.Env> = authOptions,
): App {
  const handler = authRoutes(options);
  return async (request) =>
    (await handler(request, { ...env, ...vars }, createExecutionContext())) ?? new Response("app", { status: 404 });
}

/** Cookies as a browser keeps them: name -> value, set and deleted by Set-Cookie. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(response: Response): this {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  set(name: string, value: string): this {
    this.#cookies.set(name, value);
    return this;
  }

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Fetches the Worker like a browser: no redirect following, the jar's cookies sent and updated. */
export async function browse(jar: CookieJar, url: string, init: RequestInit = {}, app: App = self): Promise<Response> {
  const headers = new Headers(init.headers);
  if (jar.header() !== "") headers.set("cookie", jar.header());
  const response = await app(new Request(url, { ...init, headers, redirect: "manual" }));
  jar.take(response);
  return response;
}

/** Visits GitHub's consent page as `githubId` and answers where GitHub sends the browser back. */
export async function consentAtGitHub(authorizeUrl: string, githubId: number): Promise<string> {
  const url = new URL(authorizeUrl);
  url.searchParams.set("login_as", String(githubId));
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

/** Visits X's consent page as X account `xId` and answers where X sends the browser back. */
export async function consentAtX(authorizeUrl: string, xId: string): Promise<string> {
  const url = new URL(authorizeUrl);
  url.searchParams.set("login_as", xId);
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

/** Starts a login in `jar` and answers the provider's authorize URL (GitHub's unless the query names another). */
export async function startLogin(jar: CookieJar, query = "", origin = APP, app: App = self): Promise<string> {
  const response = await browse(jar, `${origin}/oauth/login${query}`, {}, app);
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

/** The whole flow: login, consent as `githubId`, callback. Answers the callback's response. */
export async function login(
  jar: CookieJar,
  githubId: number,
  query = "",
  origin = APP,
  app: App = self,
): Promise<Response> {
  const callback = await consentAtGitHub(await startLogin(jar, query, origin, app), githubId);
  return browse(jar, callback, {}, app);
}

/** Logs in and answers a jar holding the session. */
export async function loggedIn(githubId: number): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await login(jar, githubId);
  expect(response.status).toBe(302);
  expect(jar.get("__Host-udo_session")).toMatch(new RegExp(`^${githubId}\\.[0-9a-f]{64}$`));
  return jar;
}

/** Creates an API token from a logged-in browser. */
export async function createToken(
  jar: CookieJar,
  body: Record<string, unknown> = {},
): Promise<{ token: string; id: string; [key: string]: unknown }> {
  const response = await browse(jar, `${APP}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return response.json();
}

/** Expects a JSON error answer with this status and code. */
export async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: unknown; code: unknown };
  expect({ status: response.status, code: body.code }).toEqual({ status, code });
  expect(typeof body.error).toBe("string");
}

/** Basic auth header with the token as password. */
export function basic(user: string, password: string): string {
  return `Basic ${btoa(`${user}:${password}`)}`;
}

/** A unique GitHub id per test, so tests never share a user's object. */
let nextId = 7_000_000;
export function freshId(): number {
  return nextId++;
}

/** A unique X id per test: 19 digits, as X's snowflake ids are (beyond a double's exact integers). */
let nextXId = 1_849_265_000_000_000_000n;
export function freshXId(): string {
  return String(nextXId++);
}
