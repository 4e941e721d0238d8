// Malformed requests to billing's Worker routes: no 5xx, every 4xx a JSON error.
import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import {
  FUZZ_TIMEOUT_MS,
  type FuzzCase,
  type FuzzEndpoint,
  fc,
  fuzzEndpoint,
  jsonScalarText,
  toRequest,
} from "@userdo/test-utils/fuzz";
import { githubSignature, stripeSignature } from "@userdo/test-utils/signatures";
import { decodePaymentRequiredHeader, encodePaymentSignatureHeader } from "@x402/core/http";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { x402Client } from "@x402/fetch";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { newUserId, sessionFor, tokenFor } from "./helpers.js";

const ORIGIN = "http://localhost";
/** Cases per endpoint: enough to reach each route's checks many times, a few seconds a file. */
const RUNS = 200;

/** Valid credentials of a funded user and of the admin ("1"), so cases reach past authentication. */
let callers: Record<string, string>[] = [];
let target = "";
/** Real x402 payments for /x402/paid and /x402/top-up (each pays once; later uses are refused). */
let payments: Record<string, string>[] = [];

async function signedPayments(path: string, method: string, n: number): Promise<Record<string, string>[]> {
  const client = new x402Client().register("eip155:*", new ExactEvmScheme(privateKeyToAccount(generatePrivateKey())));
  const answer = await SELF.fetch(`${ORIGIN}${path}`, { method });
  const required = decodePaymentRequiredHeader(answer.headers.get("payment-required")!);
  const signed = [];
  for (let i = 0; i < n; i++)
    signed.push({ "payment-signature": encodePaymentSignatureHeader(await client.createPaymentPayload(required)) });
  return signed;
}

beforeAll(async () => {
  const user = newUserId();
  target = user;
  const stub = userStub(env.USERS, user);
  await stub.billingCredit({ source: "test", externalId: "fuzz", amount: 10_000_000 });
  const session = await sessionFor(stub, user);
  const token = await tokenFor(stub, user);
  const admin = await tokenFor(userStub(env.USERS, "1"), "1");
  const adminSession = await sessionFor(userStub(env.USERS, "1"), "1");
  const sameSite = { origin: ORIGIN, "sec-fetch-site": "same-origin" };
  callers = [
    {},
    { cookie: `udo_session=${user}.${session.secret}`, ...sameSite },
    { authorization: `Bearer udo_${user}_${token.secret}` },
    { authorization: `Bearer udo_1_${admin.secret}` },
    { cookie: `udo_session=1.${adminSession.secret}`, ...sameSite },
  ];
  payments = [...(await signedPayments("/x402/paid", "GET", 3)), ...(await signedPayments("/x402/top-up", "POST", 2))];
});

const caller = fc.integer({ min: 0, max: 4 }).map((i) => callers[i]!);
/** A caller, or a real x402 payment, or a balance key that is not one. */
const payer = fc.oneof(
  caller,
  fc.integer({ min: 0, max: 4 }).map((i) => payments[i]!),
  fc.constant({ authorization: `Bearer x402_${"a".repeat(40)}_${"b".repeat(43)}` }),
);
/** The funded user's id as JSON (read when a case is made, after setup), so admin cases can reach the ledger. */
const targetUser = fc.constant(null).map(() => JSON.stringify(target));
const amount = fc.constantFrom("100", "-100", "0", "1000000");

/** A JSON object as text whose fields are each a plausible value or a hostile one (as JSON text). */
function nearly(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, good]) =>
    fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: jsonScalarText }).map((v) => `"${name}":${v}`),
  );
  return fc.tuple(...entries).map((parts) => `{${parts.join(",")}}`);
}

/** A sponsorship payload a signed delivery carries, each leaf sometimes hostile. */
const sponsorship = nearly({
  node_id: fc.constant('"S_kwHOAAfuzz"'),
  created_at: fc.constantFrom('"2026-01-05T00:00:00Z"', '"9999-12-31T23:59:59Z"', '"2026-02-30"'),
  sponsor: nearly({ id: fc.constantFrom("583231", "1", "9007199254740993"), login: fc.constant('"octo"') }),
  tier: nearly({
    monthly_price_in_cents: fc.constantFrom("500", "0", "100000000000000", "9007199254740991"),
    is_one_time: fc.constantFrom("true", "false"),
  }),
});

/** A Stripe checkout event's data, each leaf sometimes hostile. */
const checkoutData = nearly({
  object: nearly({
    id: fc.constant('"cs_test_fuzz"'),
    amount_total: fc.constantFrom("500", "0", "100000000000000", "9007199254740991"),
    payment_status: fc.constantFrom('"paid"', '"unpaid"'),
    currency: fc.constantFrom('"usd"', '"USD"', '"eur"'),
    client_reference_id: fc.constantFrom('"583231"', '"x-1"', '"../1"', "null"),
    metadata: fc.constantFrom('{"userdo_user":"583231"}', "null", "[]"),
  }),
});

/** Sends a case; a webhook's body is signed unless the case brought its own signature. */
async function send(c: FuzzCase): Promise<Response> {
  const request = toRequest(ORIGIN, c);
  const path = new URL(request.url).pathname;
  if (c.body !== null && path === "/github-webhook" && !request.headers.has("x-hub-signature-256"))
    request.headers.set("x-hub-signature-256", await githubSignature(env.GITHUB_WEBHOOK_SECRET, c.body));
  if (c.body !== null && path === "/stripe-webhook" && !request.headers.has("stripe-signature"))
    request.headers.set("stripe-signature", await stripeSignature(env.STRIPE_WEBHOOK_SECRET, c.body));
  return SELF.fetch(request);
}

const endpoints: readonly FuzzEndpoint[] = [
  { path: "/balance", methods: ["GET"], base: caller, reachesWork: true },
  { path: "/usage", methods: ["GET"], params: ["days", "limit", "before"], base: caller, reachesWork: true },
  {
    path: "/admin/balance",
    methods: ["POST"],
    fields: ["user", "amount", "reason", "key"],
    values: { user: targetUser, amount, reason: fc.constant('"fuzz"'), key: fc.uuid().map((k) => `"${k}"`) },
    headers: ["idempotency-key"],
    base: caller,
  },
  {
    path: "/admin/credit-limit",
    methods: ["POST"],
    fields: ["user", "creditLimit"],
    values: { user: targetUser, creditLimit: fc.constantFrom("null", "0", "5000") },
    base: caller,
  },
  { path: "/admin/stats", methods: ["GET"], base: caller, reachesWork: true },
  {
    path: "/github-webhook",
    methods: ["POST"],
    fields: ["action", "sponsorship", "sender", "zen"],
    values: {
      action: fc.constantFrom('"created"', '"cancelled"', '"tier_changed"', '"pending_cancellation"', '"edited"'),
      sponsorship,
    },
    headers: ["x-github-event", "x-github-delivery", "x-hub-signature-256"],
    base: fc.record({
      "x-github-event": fc.constantFrom("sponsorship", "ping", "push"),
      "x-github-delivery": fc.uuid(),
    }),
    reachesWork: true,
  },
  {
    path: "/stripe/checkout",
    methods: ["POST"],
    fields: ["amountCents", "amount", "successUrl", "cancelUrl"],
    values: { amountCents: fc.constantFrom("100", "500", "100000") },
    base: caller,
  },
  { path: "/stripe/checkout", methods: ["POST"], fields: ["amountCents"], body: "form", base: caller },
  {
    path: "/stripe-webhook",
    methods: ["POST"],
    fields: ["id", "type", "data", "created", "livemode"],
    values: {
      id: fc.uuid().map((id) => `"evt_${id}"`),
      type: fc.constantFrom(
        '"checkout.session.completed"',
        '"checkout.session.async_payment_succeeded"',
        '"charge.refunded"',
      ),
      data: checkoutData,
    },
    headers: ["stripe-signature"],
    reachesWork: true,
  },
  { path: "/stripe/success", methods: ["GET"], params: ["session_id"], base: caller, reachesWork: true },
  {
    path: "/x402/paid",
    methods: ["GET", "POST"],
    headers: ["payment-signature", "authorization", "idempotency-key"],
    base: payer,
    reachesWork: true,
  },
  { path: "/x402/top-up", methods: ["POST"], headers: ["payment-signature"], base: payer },
];

describe("billing routes under malformed requests", () => {
  it.each(endpoints.map((e, i) => [`${e.path}${e.body === "form" ? " (form)" : ""}`, i] as const))(
    "%s: no 5xx, every 4xx a JSON error",
    async (_name, i) => {
      const report = await fuzzEndpoint(endpoints[i]!, send, { numRuns: RUNS });
      expect(report.cases).toBe(RUNS);
    },
    FUZZ_TIMEOUT_MS,
  );
});
