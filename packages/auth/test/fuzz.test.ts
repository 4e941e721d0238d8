// Malformed requests to auth's routes: no 5xx, every 4xx a JSON error. Also under a
// deploy that configured nothing (no GitHub or X app, no signing key, off localhost).
import { SELF } from "cloudflare:test";
import { FUZZ_TIMEOUT_MS, type FuzzEndpoint, fc, fuzzEndpoint, toRequest } from "@userdo/test-utils/fuzz";
import { beforeAll, describe, expect, it } from "vitest";
import { APP, type CookieJar, appWith, createToken, freshId, loggedIn } from "./helpers.js";

/** Cases per endpoint: a few seconds for the file. */
const RUNS = 150;

let callers: Record<string, string>[] = [{}];

beforeAll(async () => {
  const jar: CookieJar = await loggedIn(freshId());
  const { token } = await createToken(jar);
  const sameSite = { origin: APP, "sec-fetch-site": "same-origin" };
  callers = [{}, { cookie: jar.header(), ...sameSite }, { cookie: jar.header() }, { authorization: `Bearer ${token}` }];
});

const caller = fc.integer({ min: 0, max: 3 }).map((i) => callers[i]!);
const itemId = fc.oneof(
  fc.constantFrom("ses_abc", "tok_abc", "x", "%", "%zz", "%ff", "..", "a%2Fb"),
  fc.constantFrom(300, 5_000).map((n) => "i".repeat(n)),
);

const endpoints: readonly FuzzEndpoint[] = [
  {
    path: fc.constantFrom("/oauth/login", "/login"),
    methods: ["GET"],
    params: ["redirect_uri", "scope", "provider"],
    base: caller,
  },
  {
    path: fc.constantFrom("/oauth/callback", "/callback", "/oauth/x/callback"),
    methods: ["GET"],
    params: ["code", "state", "error", "error_description"],
    base: caller,
  },
  {
    path: fc.constantFrom("/oauth/logout", "/logout"),
    methods: ["GET", "POST"],
    params: ["redirect_uri"],
    base: caller,
  },
  {
    path: "/oauth/token",
    methods: ["POST"],
    fields: ["githubToken", "name", "scopes", "budget", "expiresIn"],
    values: { scopes: fc.constantFrom('["*"]', '["todo:read"]', "[]", '["a b"]'), name: fc.constant('"ci"') },
    base: caller,
  },
  {
    path: fc.constantFrom("/me", "/oauth/sessions", "/oauth/tokens"),
    methods: ["GET"],
    base: caller,
    reachesWork: true,
  },
  {
    path: fc.tuple(fc.constantFrom("/oauth/sessions/", "/oauth/tokens/"), itemId).map(([p, id]) => `${p}${id}`),
    methods: ["DELETE"],
    base: caller,
  },
  { path: fc.constantFrom("/api/whoami", "/api/todos"), methods: ["GET", "POST"], base: caller, reachesWork: true },
];

const names = [
  "login",
  "callbacks",
  "logout",
  "/oauth/token",
  "/me and lists",
  "revoke :id",
  "app routes (getUser, requireUser)",
];

/** A deploy with nothing configured, answering as from a public host. */
const bare = appWith({
  GITHUB_CLIENT_ID: undefined,
  GITHUB_CLIENT_SECRET: undefined,
  X_CLIENT_ID: undefined,
  X_CLIENT_SECRET: undefined,
  AUTH_UNSIGNED: undefined,
  AUTH_SIGNING_KEY: undefined,
});

describe("auth routes under malformed requests", () => {
  it.each(names.map((name, i) => [name, i] as const))(
    "%s: no 5xx, every 4xx a JSON error",
    async (_name, i) => {
      const report = await fuzzEndpoint(endpoints[i]!, (c) => SELF.fetch(toRequest(APP, c)), { numRuns: RUNS });
      expect(report.cases).toBe(RUNS);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "under a deploy that configured nothing: no 5xx, every 4xx a JSON error",
    async () => {
      const everything: FuzzEndpoint = {
        path: fc.constantFrom(
          "/oauth/login",
          "/oauth/callback",
          "/callback",
          "/oauth/x/callback",
          "/oauth/token",
          "/me",
          "/oauth/logout",
          "/oauth/tokens/x",
        ),
        methods: ["GET", "POST", "DELETE"],
        params: ["code", "state", "redirect_uri"],
        fields: ["githubToken", "scopes"],
        base: caller,
      };
      const report = await fuzzEndpoint(everything, (c) => bare(toRequest(APP, c)), { numRuns: RUNS * 2 });
      expect(report.cases).toBe(RUNS * 2);
    },
    FUZZ_TIMEOUT_MS,
  );
});
