// Malformed requests to every JSON endpoint (fast-check, a fixed seed printed on failure):
// no 5xx, and every 4xx a JSON {"error", "code"}.
import { SELF, env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, devLogin, freshIp, otherUser } from "./helpers.js";

const SEED = 20261205;
const RUNS = 80; // per endpoint: under a second each, a few seconds for the file

/** Hostile JSON: wrong types, null, 1e309, 2^63, -1, long strings, lone surrogates, deep nesting. */
const value = fc.oneof(
  fc.constantFrom("null", "true", "-1", "0", "1.5", "1e309", "9223372036854775808", '""', "[]", "{}", '"\\ud800"'),
  fc.constantFrom(`"${"x".repeat(5000)}"`, `${"[".repeat(3000)}${"]".repeat(3000)}`),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);
const object = (fields: string[]) =>
  fc
    .dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length })
    .map((o) => `{${Object.entries(o).map(([k, v]) => `${JSON.stringify(k)}:${v}`)}}`);
const body = (fields: string[]) =>
  fc.oneof(
    object(fields).map((t) => new TextEncoder().encode(t)),
    value.map((t) => new TextEncoder().encode(t)),
    fc.constantFrom(new Uint8Array(), new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), new TextEncoder().encode("{")),
  );
const text = fc.oneof(
  fc.constantFrom("", "-1", "1e309", "9223372036854775808", "%ff", "x".repeat(300), "udo_1_x", "1.abc"),
  fc.string({ maxLength: 20 }),
);
const headers = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", ""),
    "idempotency-key": text,
    authorization: text.map((t) => `Bearer ${t}`),
    "content-length": fc.constantFrom("99999999999999999999", "-1", "abc"),
    origin: fc.constantFrom("https://evil.example", ORIGIN, "null"),
  },
  { requiredKeys: [] },
);

let callers: Record<string, string>[] = [{}];
beforeAll(async () => {
  const admin = await devLogin(); // the dev user, "1", is the admin here
  const user = await otherUser();
  const sameSite = { origin: ORIGIN, "sec-fetch-site": "same-origin" };
  const studio = { authorization: `Bearer ${env.STUDIO_TOKEN}` };
  callers = [{}, { cookie: admin.cookie, ...sameSite }, { cookie: user.cookie }, studio];
});

const ENDPOINTS: [string, string[], string[]][] = [
  ["/api/paid", ["GET", "POST"], ["a"]],
  ["/balance", ["GET"], []],
  ["/usage?days=", ["GET"], []],
  ["/admin/balance", ["POST"], ["user", "amount", "reason", "key"]],
  ["/admin/credit-limit", ["POST"], ["user", "creditLimit"]],
  ["/admin/stats", ["GET"], []],
  ["/oauth/token", ["POST"], ["name", "scopes", "budget", "expiresIn", "githubToken"]],
  ["/me", ["GET"], []],
  ["/oauth/tokens/", ["DELETE"], []],
  ["/github-webhook", ["POST"], ["action", "sponsorship"]],
  ["/sqlite/USERS/1/query/raw", ["POST"], ["sql", "params", "transaction"]],
];

describe("every JSON endpoint under malformed requests", () => {
  it.each(ENDPOINTS)(
    "%s: no 5xx, every 4xx a JSON error",
    async (path, methods, fields) => {
      const request = fc.record({
        method: fc.constantFrom(...methods, "PUT"),
        suffix: text.map(encodeURIComponent),
        caller: fc.integer({ min: 0, max: 3 }),
        headers,
        body: body(fields.length ? fields : ["x"]),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const h = new Headers({ ...callers[r.caller], ...r.headers, "cf-connecting-ip": freshIp() });
          const hasBody = r.method !== "GET" && r.method !== "HEAD";
          const url = `${ORIGIN}${path}${path.endsWith("=") || path.endsWith("/") ? r.suffix : ""}`;
          const response = await SELF.fetch(url, { method: r.method, headers: h, body: hasBody ? r.body : null });
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
