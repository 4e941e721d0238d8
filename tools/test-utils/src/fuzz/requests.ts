// Malformed requests for one endpoint: method, path, query, headers and body.
import fc from "fast-check";
import {
  type FieldValues,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  deepJsonText,
  jsonObjectText,
  jsonValueText,
} from "./values.js";

/** What the fuzzer may vary on one endpoint. */
export interface FuzzEndpoint {
  /** The path, or paths (an item route's hostile ids, for one). */
  readonly path: string | fc.Arbitrary<string>;
  /** The methods the route serves; others are sent too, less often. */
  readonly methods: readonly string[];
  /** The JSON (or form) fields the route reads. */
  readonly fields?: readonly string[];
  /** Plausible values of some JSON fields, as JSON text (real SQL for the studio's `sql`), to reach deeper code. */
  readonly values?: FieldValues;
  /** The query parameters the route reads. */
  readonly params?: readonly string[];
  /** `"form"`: the route reads `application/x-www-form-urlencoded`; default JSON. */
  readonly body?: "json" | "form";
  /** Headers the route reads besides the usual ones (a webhook's signature, an event name). */
  readonly headers?: readonly string[];
  /** Headers every case starts from (a valid session, a same-origin header), to reach deeper code. */
  readonly base?: fc.Arbitrary<Readonly<Record<string, string>>>;
}

/** One generated request: sent with {@link toRequest}, printed short when a property fails. */
export interface FuzzCase {
  readonly method: string;
  /** Path and query, raw: percent-encoding may be invalid on purpose. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array | null;
}

const encoder = new TextEncoder();
const OTHER_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

/** Query values: hostile numbers and strings, invalid percent-encoding, very long. */
const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS).map(encodeURIComponent),
  fc.constantFrom("%", "%zz", "%ff%fe", "%c3%28", "%ed%a0%80", "a%00b", "+", "%2F..%2F"),
  fc.constantFrom(300, 5_000).map((n) => "9".repeat(n)),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);

function queryOf(params: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 4, arbitrary: params.length > 0 ? fc.constantFrom(...params) : fc.constant("q") },
    { weight: 1, arbitrary: fc.constantFrom("token", "access_token", "__proto__", "%ff", "") },
  );
  return fc
    .array(fc.tuple(name, queryValue), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`));
}

/**
 * Header values, hostile in content. Printable ASCII only: workerd sends
 * other bytes as UTF-8 with a warning per header, which a browser refuses.
 */
const headerText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s))),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.constantFrom(256, 300, 8_000).map((n) => "k".repeat(n)),
);

const HEX64 = "ab".repeat(32);

/** Credentials that look almost right: a wrong shape, a forged tag, a user id that names no one or too much. */
const credentialText: fc.Arbitrary<string> = fc.oneof(
  headerText,
  fc.constantFrom(
    `udo_1_${HEX64}`,
    `udo_x-1_${HEX64}`,
    `udo_${"9".repeat(30)}_${HEX64}`,
    `udo_-1_${HEX64}`,
    `udo_1_${HEX64}.tag`,
    `1.${HEX64}`,
    `x-1.${HEX64}`,
    `0.${HEX64}`,
    `${"9".repeat(300)}.${HEX64}`,
  ),
);

/** The usual headers, each present or not, set to something hostile. */
function headerPairs(extra: readonly string[]): fc.Arbitrary<[string, string][]> {
  const pair = fc.oneof(
    fc.tuple(
      fc.constant("authorization"),
      fc.oneof(
        credentialText.map((c) => `Bearer ${c}`),
        headerText,
      ),
    ),
    fc.tuple(
      fc.constant("cookie"),
      fc.oneof(
        credentialText.map((c) => `udo_session=${c}`),
        credentialText.map((c) => `__Host-udo_session=${c}`),
        headerText,
      ),
    ),
    fc.tuple(fc.constant("idempotency-key"), headerText),
    fc.tuple(
      fc.constantFrom("origin", "referer"),
      fc.constantFrom("null", "https://evil.example", "http://localhost", "", "http://127.0.0.1:1"),
    ),
    fc.tuple(fc.constant("sec-fetch-site"), fc.constantFrom("cross-site", "same-origin", "same-site", "none", "x")),
    fc.tuple(
      fc.constantFrom("cf-connecting-ip", "x-forwarded-for", "x-real-ip"),
      fc.oneof(
        fc.constantFrom("", "1.2.3.4", "::1", "2001:db8::1", "999.1.1.1", "1.2.3.4, 5.6.7.8", "::ffff:1.2.3.4"),
        headerText,
      ),
    ),
    fc.tuple(fc.constantFrom("accept", "user-agent", "x-starbase-source"), headerText),
    fc.tuple(
      fc.constant("content-length"),
      fc.constantFrom("99999999999999999999", "1e309", "-1", "abc", "1099511627776"),
    ),
    extra.length > 0 ? fc.tuple(fc.constantFrom(...extra), headerText) : fc.tuple(fc.constant("x-extra"), headerText),
  );
  return fc.array(pair, { maxLength: 2 });
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/jsonx",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "",
];

/** Bytes that are not UTF-8, alone or inside JSON and forms. */
const INVALID_UTF8: readonly number[][] = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function withInvalidUtf8(text: string, bad: number[]): Uint8Array {
  const mid = Math.floor(text.length / 2);
  const before = encoder.encode(text.slice(0, mid));
  const after = encoder.encode(text.slice(mid));
  const out = new Uint8Array(before.length + bad.length + after.length);
  out.set(before, 0);
  out.set(bad, before.length);
  out.set(after, before.length + bad.length);
  return out;
}

/** A form body with the route's fields set to hostile text. */
function formText(fields: readonly string[]): fc.Arbitrary<string> {
  const name = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant("a");
  return fc
    .array(fc.tuple(name, queryValue), { maxLength: fields.length + 1 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
}

function bodyOf(endpoint: FuzzEndpoint): fc.Arbitrary<{ type: string | null; body: Uint8Array | null }> {
  const fields = endpoint.fields ?? [];
  const form = endpoint.body === "form";
  const ownType = form ? "application/x-www-form-urlencoded" : "application/json";
  const text = fc.oneof(
    { weight: 6, arbitrary: form ? formText(fields) : jsonObjectText(fields, endpoint.values) },
    { weight: 2, arbitrary: jsonValueText },
    { weight: 1, arbitrary: deepJsonText },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "}", '{"a":', "{}{}", "\ufeff{}", "[", "nul", '{"a":1,}') },
  );
  const bytes = fc.oneof(
    { weight: 10, arbitrary: text.map((t) => encoder.encode(t)) },
    {
      weight: 2,
      arbitrary: fc.tuple(text, fc.constantFrom(...INVALID_UTF8)).map(([t, bad]) => withInvalidUtf8(t, bad)),
    },
    // Over every route's limit (the largest is the studio's 1 MB).
    { weight: 1, arbitrary: fc.constant(null).map(() => encoder.encode(`"${"x".repeat(1024 * 1024 + 16)}"`)) },
  );
  const type = fc.oneof(
    { weight: 8, arbitrary: fc.constant(ownType) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ type, body: bytes }) },
    { weight: 1, arbitrary: fc.record({ type, body: fc.constant(null) }) },
  );
}

/**
 * Malformed requests for one endpoint: its own methods mostly, its own
 * fields, parameters and headers set to hostile values (wrong types, nulls,
 * 1e309, 2^63, -1, deep nesting, long strings, invalid UTF-8, empty), a
 * wrong content type, a huge declared content length.
 *
 * @example
 * ```ts
 * const cases = fuzzCases({ path: "/admin/balance", methods: ["POST"], fields: ["user", "amount", "reason"] });
 * ```
 */
export function fuzzCases(endpoint: FuzzEndpoint): fc.Arbitrary<FuzzCase> {
  const path = typeof endpoint.path === "string" ? fc.constant(endpoint.path) : endpoint.path;
  const method = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...endpoint.methods) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
  );
  return fc
    .record({
      method,
      path,
      // A route without parameters gets a query now and then (one that refuses any query must say so in JSON).
      query: fc.oneof(
        { weight: endpoint.params?.length ? 1 : 4, arbitrary: fc.constant("") },
        { weight: endpoint.params?.length ? 3 : 1, arbitrary: queryOf(endpoint.params ?? []) },
      ),
      base: endpoint.base ?? fc.constant({}),
      headers: headerPairs(endpoint.headers ?? []),
      body: bodyOf(endpoint),
    })
    .map(({ method, path, query, base, headers, body }) => {
      const all: [string, string][] = Object.entries(base);
      if (body.type !== null) all.push(["content-type", body.type]);
      all.push(...headers);
      // GET and HEAD carry no body.
      const sent = method === "GET" || method === "HEAD" ? null : body.body;
      return withShortPrint({ method, target: `${path}${query}`, headers: all, body: sent });
    });
}

/** A case prints as a short line (a 1 MB body as its length), so a failure report stays readable. */
function withShortPrint(c: FuzzCase): FuzzCase {
  return Object.assign(c, {
    [fc.toStringMethod]: () => {
      const body = c.body === null ? "no body" : new TextDecoder().decode(c.body.subarray(0, 300));
      const more = c.body !== null && c.body.length > 300 ? `… (${c.body.length} bytes)` : "";
      return `${c.method} ${c.target.slice(0, 300)} ${JSON.stringify(c.headers.map(([k, v]) => [k, v.slice(0, 200)]))} ${JSON.stringify(body)}${more}`;
    },
  });
}

/**
 * The `Request` of a case, at `origin`. A header the platform refuses to set
 * is left out (the case stays valid).
 *
 * @example
 * ```ts
 * const response = await SELF.fetch(toRequest("http://localhost", c));
 * ```
 */
export function toRequest(origin: string, c: FuzzCase): Request {
  const headers = new Headers();
  for (const [name, value] of c.headers) {
    try {
      headers.append(name, value);
    } catch {
      // Not a valid header value: no client can send it either.
    }
  }
  return new Request(`${origin}${c.target}`, { method: c.method, headers, body: c.body, redirect: "manual" });
}
