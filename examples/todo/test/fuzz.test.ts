// Malformed requests to every form and JSON endpoint (fast-check, a fixed seed printed on
// failure): no 5xx, and every 4xx a JSON {"error", "code"}.
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";

const ORIGIN = "http://localhost";
const SEED = 20261205;
const RUNS = 150; // per endpoint: about a second each

/** Hostile field values: wrong types, 1e309, 2^63, -1, long, bad escapes, lone surrogates, deep nesting. */
const value = fc.oneof(
  fc.constantFrom("null", "-1", "1e309", "9223372036854775808", "", "%ff", "%", '"\\ud800"', "x".repeat(5000)),
  fc.constantFrom(crypto.randomUUID(), "done", "open", "delete", `${"[".repeat(3000)}${"]".repeat(3000)}`),
  fc.string({ maxLength: 30 }),
);
const body = (fields: string[], json: boolean) =>
  fc.oneof(
    fc
      .dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length })
      .map((o) =>
        json
          ? JSON.stringify(o)
          : Object.entries(o)
              .map(([k, v]) => `${k}=${v}`)
              .join("&"),
      )
      .map((t) => new TextEncoder().encode(t)),
    fc.constantFrom(new Uint8Array(), new Uint8Array([0x74, 0x3d, 0xff, 0xfe]), new TextEncoder().encode("{")),
  );
const headers = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", ""),
    "content-length": fc.constantFrom("99999999999999999999", "-1", "abc"),
    authorization: fc.constantFrom("Bearer x", "Bearer udo_1_abc", "Basic Og=="),
    origin: fc.constantFrom("https://evil.example", ORIGIN),
  },
  { requiredKeys: [] },
);

let cookie = "";
beforeAll(async () => {
  const login = await SELF.fetch(`${ORIGIN}/oauth/login`, { redirect: "manual" });
  cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  expect(cookie).toMatch(/udo_session=/);
});

const ENDPOINTS: [string, string[], string[], boolean][] = [
  ["/todos", ["POST"], ["title", "key"], false],
  ["/todos/", ["POST"], ["key", "action"], false],
  ["/api/todos", ["GET"], ["x"], true],
  ["/oauth/token", ["POST"], ["name", "scopes", "budget", "expiresIn"], true],
  ["/sqlite/TODOS/1/query/raw", ["POST"], ["sql", "params"], true],
];

describe("every endpoint under malformed requests", () => {
  it.each(ENDPOINTS)(
    "%s: no 5xx, every 4xx a JSON error",
    async (path, methods, fields, json) => {
      const request = fc.record({
        method: fc.constantFrom(...methods, "PUT"),
        id: fc.constantFrom("1", "0", "-1", "1e309", "99999999999999999999", "%ff", "x".repeat(300)),
        signedIn: fc.boolean(),
        headers,
        body: body(fields, json),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const h = new Headers({ "sec-fetch-site": "same-origin", origin: ORIGIN, ...r.headers });
          if (r.signedIn) h.set("cookie", cookie);
          const url = `${ORIGIN}${path}${path.endsWith("/") ? r.id : ""}`;
          const hasBody = r.method !== "GET";
          const response = await SELF.fetch(url, {
            method: r.method,
            headers: h,
            body: hasBody ? r.body : null,
            redirect: "manual",
          });
          const answer = await response.text();
          expect(response.status, answer).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get("content-type"), answer).toMatch(/^application\/json/);
            expect(JSON.parse(answer), answer).toMatchObject({ error: expect.any(String) });
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
    60_000,
  );
});
