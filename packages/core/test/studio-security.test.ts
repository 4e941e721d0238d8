import { describe, expect, it } from "vitest";
import {
  bearerToken,
  constantTimeEqual,
  cors,
  readBodyWithLimit,
  readJsonBody,
  timingSafeEqualBytes,
} from "../src/index.js";

describe("constantTimeEqual", () => {
  it("matches only the same secret", async () => {
    expect(await constantTimeEqual("s3cret", "s3cret")).toBe(true);
    expect(await constantTimeEqual("s3cret", "s3cres")).toBe(false);
    expect(await constantTimeEqual("s3cret", "s3cret-longer")).toBe(false);
    expect(await constantTimeEqual(new TextEncoder().encode("ab"), "ab")).toBe(true);
  });

  it("never matches an empty or unset secret, not even an empty candidate", async () => {
    expect(await constantTimeEqual("", "")).toBe(false);
    expect(await constantTimeEqual(undefined, "")).toBe(false);
    expect(await constantTimeEqual(undefined, "anything")).toBe(false);
  });
});

describe("timingSafeEqualBytes", () => {
  it("compares bytes, unequal lengths being unequal", () => {
    expect(timingSafeEqualBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(timingSafeEqualBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(timingSafeEqualBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
  });
});

describe("bearerToken", () => {
  const with_ = (authorization?: string) =>
    new Request("https://x/", authorization === undefined ? {} : { headers: { authorization } });
  it("reads the token of a Bearer header, the scheme in any case", () => {
    expect(bearerToken(with_("Bearer abc.def"))).toBe("abc.def");
    expect(bearerToken(with_("bearer abc"))).toBe("abc");
  });
  it("answers null for anything else", () => {
    for (const header of [undefined, "", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "Bearerabc"]) {
      expect(bearerToken(with_(header)), String(header)).toBeNull();
    }
  });
});

describe("readBodyWithLimit and readJsonBody", () => {
  const post = (body: BodyInit, type = "application/json") =>
    new Request("https://x/", { method: "POST", body, headers: { "content-type": type } });

  it("reads a body of exactly the limit and refuses one byte more with a 413", async () => {
    expect((await readBodyWithLimit(post("x".repeat(10)), 10)).byteLength).toBe(10);
    await expect(readBodyWithLimit(post("x".repeat(11)), 10)).rejects.toMatchObject({
      status: 413,
      code: "body_too_large",
    });
  });

  it("parses JSON and refuses other types (415) and bad JSON (400)", async () => {
    expect(await readJsonBody(post('{"a":1}'), { maxBytes: 100 })).toEqual({ a: 1 });
    await expect(readJsonBody(post('{"a":1}', "text/plain"), { maxBytes: 100 })).rejects.toMatchObject({ status: 415 });
    await expect(readJsonBody(post("{"), { maxBytes: 100 })).rejects.toMatchObject({ status: 400, code: "bad_json" });
  });
});

describe("readJsonBody and nesting", () => {
  const post = (body: string) =>
    new Request("https://x/", { method: "POST", body, headers: { "content-type": "application/json" } });
  const nested = (depth: number) => `${'{"a":['.repeat(depth)}${"]}".repeat(depth)}`;

  it("reads JSON nested up to maxDepth (default 64) and refuses one level more with a 400", async () => {
    expect(await readJsonBody(post("[[[1]]]"), { maxBytes: 100, maxDepth: 3 })).toEqual([[[1]]]);
    await expect(readJsonBody(post("[[[[1]]]]"), { maxBytes: 100, maxDepth: 3 })).rejects.toMatchObject({
      status: 400,
      code: "bad_json",
      message: expect.stringMatching(/nested more than 3 levels/),
    });
    expect(await readJsonBody(post(nested(32)), { maxBytes: 10_000 })).toBeTruthy(); // 64 levels
    await expect(readJsonBody(post(`[${nested(32)}]`), { maxBytes: 10_000 })).rejects.toMatchObject({ status: 400 });
  });

  it("counts no bracket inside a string, escaped quotes included", async () => {
    const text = JSON.stringify({ s: `[[[{{{\\"[[[${"[".repeat(1000)}` });
    expect(await readJsonBody(post(text), { maxBytes: 10_000, maxDepth: 1 })).toMatchObject({ s: expect.any(String) });
  });

  it("answers 400, never a crash, to nesting far deeper than any parser allows", async () => {
    const depth = 500_000;
    await expect(
      readJsonBody(post(`${"[".repeat(depth)}${"]".repeat(depth)}`), { maxBytes: 2 * depth }),
    ).rejects.toMatchObject({ status: 400, code: "bad_json" });
  });
});

describe("cors", () => {
  const policy = cors({ origins: ["https://a.example"] });
  const request = (origin?: string, method = "POST") =>
    new Request("https://app.example/x", {
      method,
      headers: {
        ...(origin ? { origin } : {}),
        ...(method === "OPTIONS" ? { "access-control-request-method": "POST" } : {}),
      },
    });

  it("allows listed origins, the route's own origin and callers without one", () => {
    expect(policy.allows(request("https://a.example"))).toBe(true);
    expect(policy.allows(request("https://app.example"))).toBe(true);
    expect(policy.allows(request())).toBe(true);
    expect(policy.allows(request("https://b.example"))).toBe(false);
    expect(policy.allows(request("null"))).toBe(false);
  });

  it("echoes a listed origin, never a wildcard, and leaves other requests alone", () => {
    expect(policy.preflight(request("https://a.example", "OPTIONS"))!.headers.get("access-control-allow-origin")).toBe(
      "https://a.example",
    );
    expect(policy.preflight(request("https://a.example"))).toBeNull();
    expect(
      policy.apply(request("https://b.example"), new Response("x")).headers.get("access-control-allow-origin"),
    ).toBeNull();
    expect(
      policy.apply(request("https://a.example"), new Response("x")).headers.get("access-control-allow-origin"),
    ).toBe("https://a.example");
  });
});
