// Malformed requests to the metered app hosts and the console's JSON endpoints (fast-check,
// a fixed seed printed on failure): no 5xx, and every 4xx a JSON {"error", "code"}.
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";

const SEED = 20261205;
const RUNS = 150; // per endpoint: about a second each

const value = fc.oneof(
  fc.constantFrom("null", "-1", "1e309", "9223372036854775808", '""', '"500"', "500", '"\\ud800"', "{}"),
  fc.constantFrom(`"${"x".repeat(5000)}"`, `${"[".repeat(3000)}${"]".repeat(3000)}`),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);
const body = (fields: string[]) =>
  fc.oneof(
    fc
      .dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length })
      .map((o) => `{${Object.entries(o).map(([k, v]) => `${JSON.stringify(k)}:${v}`)}}`)
      .map((t) => new TextEncoder().encode(t)),
    fc
      .constantFrom("amountCents=500", "amountCents=-1", "amountCents=1e309", "", "{")
      .map((t) => new TextEncoder().encode(t)),
    fc.constant(new Uint8Array([0x7b, 0xff, 0x7d])),
  );
const text = fc.oneof(
  fc.constantFrom("", "-1", "1e309", "%ff", "x".repeat(300), "t=1,v1=00"),
  fc.string({ maxLength: 20 }),
);
const headers = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", ""),
    "content-length": fc.constantFrom("99999999999999999999", "-1", "abc"),
    "idempotency-key": text,
    "stripe-signature": text,
    authorization: text.map((t) => `Bearer ${t}`),
    accept: fc.constantFrom("text/html", "application/json", "*/*"),
  },
  { requiredKeys: [] },
);

let cookie = "";
beforeAll(async () => {
  const login = await SELF.fetch("http://localhost/oauth/login", { redirect: "manual" });
  cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  expect(cookie).toMatch(/udo_session=/);
});

// Not fuzzed: the test config's broken.localhost and ghost.localhost, deploy mistakes that answer
// 404 app_unavailable whatever the request (dispatch.test.ts checks those answers).
const ENDPOINTS: [string, string[], string[]][] = [
  ["http://hello.localhost/", ["GET", "POST", "DELETE"], ["x"]],
  ["http://localhost/balance", ["GET"], ["x"]],
  ["http://localhost/usage?days=", ["GET"], ["x"]],
  ["http://localhost/stripe/checkout", ["POST"], ["amountCents"]],
  ["http://localhost/stripe-webhook", ["POST"], ["id", "type", "data"]],
  ["http://localhost/stripe/success?session_id=", ["GET"], ["x"]],
];

describe("dispatch under malformed requests", () => {
  it.each(ENDPOINTS)(
    "%s: no 5xx, every 4xx a JSON error",
    async (url, methods, fields) => {
      const request = fc.record({
        method: fc.constantFrom(...methods, "PUT"),
        suffix: text.map(encodeURIComponent),
        signedIn: fc.boolean(),
        headers,
        body: body(fields),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const h = new Headers({ origin: "http://localhost", "sec-fetch-site": "same-origin", ...r.headers });
          if (r.signedIn) h.set("cookie", cookie);
          const hasBody = r.method !== "GET";
          const target = `${url}${r.suffix}`;
          const response = await SELF.fetch(target, {
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
