// Malformed requests for one endpoint: method, path, query, headers and body.
import fc from "fast-check";
import { bodyOf } from "./bodies.js";
import { headerPairs, queryOf } from "./request-parts.js";
import type { FieldValues } from "./values.js";

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
  /**
   * True when some cases must get past every check (a status under 400): the
   * run fails if none does, so a generator that stopped reaching the route's
   * work (every case a 401, say) does not pass unnoticed.
   */
  readonly reachesWork?: boolean;
}

/** One generated request: sent with {@link toRequest}, printed short when a property fails. */
export interface FuzzCase {
  readonly method: string;
  /** Path and query, raw: percent-encoding may be invalid on purpose. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array | null;
}

const OTHER_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

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
