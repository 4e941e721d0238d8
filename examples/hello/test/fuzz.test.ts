// Malformed requests (fast-check, a fixed seed printed on failure): no 5xx, and every
// 4xx a JSON {"error", "code"}.
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const SEED = 20261205;

const user = fc.oneof(
  fc.constantFrom("", "%", "%ff", "%00", "-1", "1e309", "x".repeat(300), "a%2Fb"),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const form = fc.oneof(
  fc.string({ maxLength: 40 }).map((t) => new TextEncoder().encode(`text=${t}`)),
  fc
    .constantFrom("text=", "text=%ff%fe", `text=${"x".repeat(2000)}`, "text", "{}", "")
    .map((t) => new TextEncoder().encode(t)),
  fc.constant(new Uint8Array([0x74, 0x65, 0x78, 0x74, 0x3d, 0xff])),
);

describe("hello under malformed requests", () => {
  it("/ and /api/notes: no 5xx, every 4xx a JSON error", async () => {
    const request = fc.record({
      method: fc.constantFrom("GET", "POST", "PUT", "DELETE"),
      path: fc.constantFrom("/", "/api/notes"),
      user: fc.option(user),
      type: fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain", ""),
      length: fc.option(fc.constantFrom("99999999999999999999", "-1", "abc")),
      body: form,
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers = new Headers({ "content-type": r.type });
        if (r.length !== null) headers.set("content-length", r.length);
        const query = r.user === null ? "" : `?user=${r.user}`;
        const hasBody = r.method !== "GET";
        const response = await SELF.fetch(`http://localhost${r.path}${query}`, {
          method: r.method,
          headers,
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
      { seed: SEED, numRuns: 200 },
    );
  }, 60_000);
});
