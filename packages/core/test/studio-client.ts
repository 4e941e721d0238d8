// Sends studio requests the way Outerbase Studio's StarbaseDB driver does, through the test Worker handler.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { STUDIO_TEST_TOKEN } from "./studio-constants.js";
import { studioHandler } from "./studio-fixtures.js";

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** The connection URL Outerbase is given for one object. */
export function studioUrl(binding: string, name: string): string {
  return `https://app.test/sqlite/${binding}/${encodeURIComponent(name)}`;
}

/** Any request to the studio handler; the answer's body parsed as JSON when it is JSON. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const ctx = createExecutionContext();
  const response = await studioHandler.fetch(new Request(url, init), env, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
}

/** A POST to `<url>/query/raw` with Outerbase's headers and a JSON body. */
export function post(
  url: string,
  body: unknown,
  token: string | null = STUDIO_TEST_TOKEN,
  headers: HeadersInit = {},
): Promise<Answer> {
  const h = new Headers(headers);
  if (token !== null) h.set("authorization", `Bearer ${token}`);
  if (!h.has("content-type")) h.set("content-type", "application/json");
  return send(`${url.replace(/\/$/, "")}/query/raw`, { method: "POST", headers: h, body: JSON.stringify(body) });
}

/** Outerbase Studio's two calls: `query(sql)` sends `{"sql"}`, `transaction(list)` sends `{"transaction": [{"sql"}, ...]}`. */
export function outerbase(url: string, token: string = STUDIO_TEST_TOKEN) {
  return {
    query: (sql: string) => post(url, { sql }, token),
    transaction: (statements: string[]) => post(url, { transaction: statements.map((sql) => ({ sql })) }, token),
  };
}
