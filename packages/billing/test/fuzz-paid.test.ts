// Malformed requests to the paid helpers as an app mounts them (charge, paid, meterRequest,
// billingErrorResponse): no 5xx, every 4xx a JSON error.
import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { FUZZ_TIMEOUT_MS, type FuzzEndpoint, fc, fuzzEndpoint, toRequest } from "@userdo/test-utils/fuzz";
import { beforeAll, describe, expect, it } from "vitest";
import { newUserId, sessionFor, tokenFor } from "./helpers.js";

const ORIGIN = "http://localhost";
/** Cases per endpoint: a few seconds for the file. */
const RUNS = 150;

let callers: Record<string, string>[] = [];

beforeAll(async () => {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  await stub.billingCredit({ source: "test", externalId: "fuzz", amount: 100_000_000 });
  const session = await sessionFor(stub, user);
  const token = await tokenFor(stub, user);
  const scoped = await tokenFor(stub, user, { scopes: ["x"] });
  callers = [
    {},
    { cookie: `udo_session=${user}.${session.secret}`, origin: ORIGIN, "sec-fetch-site": "same-origin" },
    { authorization: `Bearer udo_${user}_${token.secret}` },
    { authorization: `Bearer udo_${user}_${scoped.secret}` },
  ];
  await userStub(env.COUNTERS, "fuzz").billingCredit({ source: "test", externalId: "fuzz", amount: 100_000_000 });
  await userStub(env.METERED, "fuzz").billingCredit({ source: "test", externalId: "fuzz", amount: 100_000_000 });
});

const caller = fc.integer({ min: 0, max: 3 }).map((i) => callers[i]!);

/** A path segment as a client can write it: a known name, or hostile (too long, empty, bad escapes). */
const segment = fc.oneof(
  fc.constantFrom("fuzz", "1", "x-1"),
  fc.constantFrom("", "%", "%zz", "%ff", "%00", "..", "a%2Fb", "%F0%9F%98%80"),
  fc.constantFrom(257, 2_100, 5_000).map((n) => "u".repeat(n)),
  fc.string({ unit: fc.constantFrom(..."abc-_.~!$&'()*+,;=:@%09"), maxLength: 12 }),
);

const endpoints: readonly FuzzEndpoint[] = [
  // charge(): the caller pays; a key in the header.
  { path: "/api/charge", methods: ["GET", "POST"], headers: ["idempotency-key"], base: caller, reachesWork: true },
  // paid() of billing/auth: the caller pays; the key is bound to the body.
  {
    path: "/api/paid",
    methods: ["GET", "POST"],
    fields: ["a"],
    headers: ["idempotency-key"],
    base: caller,
    reachesWork: true,
  },
  // paid() with the payer named by the app (here from the URL, as a hostile app would).
  {
    path: segment.map((s) => `/api/known/${s}`),
    methods: ["GET", "POST"],
    headers: ["idempotency-key"],
    reachesWork: true,
  },
  // billingErrorResponse() around a charge made inside the object.
  { path: segment.map((s) => `/api/count/${s}`), methods: ["POST"], headers: ["idempotency-key"], reachesWork: true },
  // meterRequest(): the owner's quota pays, whatever the client sends.
  {
    path: segment.map((s) => `/dispatch/${s}/x`),
    methods: ["GET", "POST"],
    headers: ["idempotency-key"],
    reachesWork: true,
  },
];

describe("paid helpers under malformed requests", () => {
  it.each(
    endpoints.map(
      (e, i) =>
        [
          typeof e.path === "string" ? e.path : ["/api/known/:user", "/api/count/:name", "/dispatch/:owner"][i - 2]!,
          i,
        ] as const,
    ),
  )(
    "%s: no 5xx, every 4xx a JSON error",
    async (_name, i) => {
      const report = await fuzzEndpoint(endpoints[i]!, (c) => SELF.fetch(toRequest(ORIGIN, c)), { numRuns: RUNS });
      expect(report.cases).toBe(RUNS);
    },
    FUZZ_TIMEOUT_MS,
  );
});
