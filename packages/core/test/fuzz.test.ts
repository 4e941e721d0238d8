// Malformed requests to the studio route and to an app built on core's Worker
// helpers: no 5xx, every 4xx a JSON error.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import {
  FUZZ_TIMEOUT_MS,
  type FuzzCase,
  type FuzzEndpoint,
  fc,
  fuzzEndpoint,
  toRequest,
} from "@userdo/test-utils/fuzz";
import { describe, expect, it } from "vitest";
import {
  UserDOError,
  assertSameOrigin,
  definePlugin,
  handlePluginRoutes,
  jsonResponse,
  readJsonBody,
  userStub,
} from "../src/index.js";
import { STUDIO_SCOPED_TOKEN, STUDIO_TEST_READONLY_TOKEN, STUDIO_TEST_TOKEN } from "./studio-constants.js";
import { studioHandler } from "./studio-fixtures.js";

const ORIGIN = "https://app.test";
/** Cases per endpoint: a few seconds for the file. */
const RUNS = 200;

async function viaStudio(c: FuzzCase): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await studioHandler.fetch(toRequest(ORIGIN, c), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Statements Outerbase sends and statements a read-only caller must not get through, as JSON text. */
const sql = fc
  .constantFrom(
    "SELECT 1",
    "SELECT * FROM todo",
    'SELECT * FROM "main".sqlite_schema',
    "SELECT * FROM \"main\".pragma_table_info('todo')",
    "SELECT rowid, * FROM files",
    "SELECT ?, ?",
    "INSERT INTO todo (title) VALUES (?)",
    "UPDATE counter SET n = n + 1",
    "DELETE FROM notes WHERE rowid = ?",
    "EXPLAIN PRAGMA case_sensitive_like = ON",
    "EXPLAIN QUERY PLAN SELECT * FROM todo",
    "PRAGMA recursive_triggers = OFF",
    "SELECT * FROM _cf_KV",
    "SELECT * FROM _cf_METADATA",
    "CREATE TABLE t (x)",
    "SELECT zeroblob(3000000)",
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
    "SELECT 1; SELECT 2",
    "",
    ";",
    "BEGIN",
    "ATTACH 'x' AS y",
  )
  .map((s) => JSON.stringify(s));

/** Parameters: too many, nested, huge, of every JSON type. */
const params = fc.oneof(
  fc.constantFrom(
    "[]",
    "[1, 2]",
    '["a", null]',
    "[true]",
    "[[1, 2, 3]]",
    '[{"a": 1}]',
    "[1e309]",
    "[9223372036854775808]",
  ),
  fc.constantFrom(101, 1_000).map((n) => `[${Array.from({ length: n }, () => "1").join(",")}]`),
  fc.constant(`["${"x".repeat(2_100_000)}"]`),
);

const transaction = fc
  .array(fc.tuple(sql, fc.option(params, { nil: undefined })), { maxLength: 5 })
  .map((items) => `[${items.map(([s, p]) => (p ? `{"sql":${s},"params":${p}}` : `{"sql":${s}}`)).join(",")}]`);

/** A valid token or not, from a fresh address (the failed-attempt limit counts per address). */
const studioCaller = fc
  .tuple(
    fc.constantFrom(
      `Bearer ${STUDIO_TEST_TOKEN}`,
      `Bearer ${STUDIO_TEST_READONLY_TOKEN}`,
      `Bearer ${STUDIO_SCOPED_TOKEN}`,
      "Bearer wrong",
      "",
    ),
    fc.integer({ min: 1, max: 65_000 }),
  )
  .map(([authorization, n]) => ({
    ...(authorization && { authorization }),
    "cf-connecting-ip": `203.0.${n >> 8}.${n & 255}`,
  }));

const objectName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("fuzz", "scoped", "fuzz%20two") },
  { weight: 1, arbitrary: fc.constantFrom("", "%", "%zz", "%ff", "a%2Fb", "..", "%00") },
  { weight: 1, arbitrary: fc.constantFrom(257, 3_000).map((n) => "n".repeat(n)) },
);
// Not NO_STUDIO: a deploy mistake (a class without userdo's plugins) that answers an admin 404
// whatever the request; studio-route.test.ts checks that answer.
const binding = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("STUDIO_TODO", "STUDIO_TODO_RO") },
  { weight: 1, arbitrary: fc.constantFrom("PLAIN", "NOPE", "", "__proto__") },
);

/** An app on core's Worker helpers: a plugin route that reads a JSON body and calls the named user's object. */
const notes = definePlugin({
  name: "fuzz-notes",
  routes: async (request, env: Cloudflare.Env) => {
    const match = /^\/notes\/([^/]*)$/.exec(new URL(request.url).pathname);
    if (!match) return null;
    if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "POST a note");
    assertSameOrigin(request);
    const body = (await readJsonBody(request, { maxBytes: 4096 })) as { title?: unknown } | null;
    const title = body?.title;
    if (typeof title !== "string" || title.length === 0 || title.length > 200)
      throw new UserDOError(400, "bad_title", "title must be a string of 1 to 200 characters");
    let name: string;
    try {
      name = decodeURIComponent(match[1]!);
    } catch {
      throw new UserDOError(400, "bad_user_name", "the name is not valid percent-encoding");
    }
    const todo = await userStub(env.TODO, name).add(title);
    return jsonResponse(201, { id: todo.id });
  },
});

async function viaPluginRoutes(c: FuzzCase): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await handlePluginRoutes(toRequest(ORIGIN, c), env, ctx, [notes]);
  await waitOnExecutionContext(ctx);
  return response ?? jsonResponse(404, { error: "no route", code: "not_found" });
}

const endpoints: readonly (readonly [string, FuzzEndpoint, (c: FuzzCase) => Promise<Response>])[] = [
  [
    "studio /sqlite/:binding/:name/query/raw",
    {
      path: fc.tuple(binding, objectName).map(([b, n]) => `/sqlite/${b}/${n}/query/raw`),
      methods: ["POST", "OPTIONS"],
      fields: ["sql", "params", "transaction"],
      values: { sql, params, transaction },
      headers: ["x-starbase-source"],
      base: studioCaller,
    },
    viaStudio,
  ],
  [
    "studio statements (a valid token): /sqlite/STUDIO_TODO/fuzz/query/raw",
    {
      path: fc.constantFrom("/sqlite/STUDIO_TODO/fuzz/query/raw", "/sqlite/STUDIO_TODO_RO/fuzz/query/raw"),
      methods: ["POST"],
      fields: ["sql", "params"],
      values: { sql, params },
      reachesWork: true,
      base: studioCaller.map((h) => ({ ...h, authorization: `Bearer ${STUDIO_TEST_TOKEN}` })),
    },
    viaStudio,
  ],
  [
    "studio transactions (read-only token): /sqlite/STUDIO_TODO/fuzz/query/raw",
    {
      path: "/sqlite/STUDIO_TODO/fuzz/query/raw",
      methods: ["POST"],
      fields: ["transaction"],
      values: { transaction },
      base: studioCaller.map((h) => ({ ...h, authorization: `Bearer ${STUDIO_TEST_READONLY_TOKEN}` })),
    },
    viaStudio,
  ],
  [
    "studio, other paths under its base",
    {
      path: fc.constantFrom(
        "/sqlite/",
        "/sqlite/STUDIO_TODO",
        "/sqlite/STUDIO_TODO/x/query",
        "/sqlite/STUDIO_TODO/x/query/raw/more",
        "/unconfigured/STUDIO_TODO/x/query/raw",
      ),
      methods: ["POST"],
      fields: ["sql"],
      values: { sql },
      base: studioCaller,
    },
    viaStudio,
  ],
  [
    "handlePluginRoutes + readJsonBody + userStub: POST /notes/:name",
    {
      path: objectName.map((n) => `/notes/${n}`),
      methods: ["POST"],
      fields: ["title"],
      reachesWork: true,
      base: fc.constantFrom({}, { origin: ORIGIN, "sec-fetch-site": "same-origin" }),
    },
    viaPluginRoutes,
  ],
];

describe("core's routes under malformed requests", () => {
  it.each(endpoints.map(([name], i) => [name, i] as const))(
    "%s: no 5xx, every 4xx a JSON error",
    async (_name, i) => {
      const [, endpoint, send] = endpoints[i]!;
      const report = await fuzzEndpoint(endpoint, send, { numRuns: RUNS });
      expect(report.cases).toBe(RUNS);
    },
    FUZZ_TIMEOUT_MS,
  );
});
