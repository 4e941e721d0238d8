// What the fuzz tests found in billing, one focused regression each: every one
// was a 500 (or a refused charge) for input any client can send.
import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { stripeSignature } from "@userdo/test-utils/signatures";
import { describe, expect, it } from "vitest";
import { billingRoutes } from "../src/auth.js";
import { MAX_SOURCE_LENGTH } from "../src/shared/validate.js";
import { stripeRoutes } from "../src/stripe.js";
import { newUserId, tokenFor } from "./helpers.js";

const ORIGIN = "http://localhost";

async function fundedCaller() {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  await stub.billingCredit({ source: "test", externalId: "fund", amount: 1_000_000 });
  const { secret } = await tokenFor(stub, user);
  return { user, stub, authorization: `Bearer udo_${user}_${secret}` };
}

async function expectJsonError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await response.json()).toMatchObject({ error: expect.any(String), code });
}

describe("charge() answers a malformed Idempotency-Key with a 400, charging nothing", () => {
  it.each(["", " ", "k".repeat(256), "tab\there"])("key %j", async (key) => {
    const { stub, authorization } = await fundedCaller();
    const headers = new Headers({ authorization });
    try {
      headers.set("idempotency-key", key);
    } catch {
      return; // not sendable as a header at all
    }
    await expectJsonError(await SELF.fetch(`${ORIGIN}/api/charge`, { headers }), 400, "bad_key");
    expect((await stub.billingAccount()).spent).toBe(0);
  });
});

describe("paid() and meterRequest() answer a user id that names no object with a 400", () => {
  it("paid() with an empty or over-long user is a 400 bad_user_name, and runs no work", async () => {
    for (const user of ["", "u".repeat(257)]) {
      const response = await SELF.fetch(`${ORIGIN}/api/known/${user}`);
      await expectJsonError(response, 400, "bad_user_name");
    }
  });

  it("meterRequest() with an empty or over-long account is a 400 bad_user_name, and forwards nothing", async () => {
    for (const owner of ["", "o".repeat(257)]) {
      await expectJsonError(await SELF.fetch(`${ORIGIN}/dispatch/${owner}/x`), 400, "bad_user_name");
    }
  });
});

describe("a funding route this deploy has not configured is a 404 funding_not_configured", () => {
  const unset = () => undefined as unknown as string;
  const routes = billingRoutes<Cloudflare.Env>({
    users: (env) => env.USERS,
    github: { secret: unset },
    stripe: stripeRoutes({ secretKey: unset, webhookSecret: unset }),
  });

  it.each([
    ["/github-webhook", { "x-hub-signature-256": "sha256=00" }],
    ["/stripe-webhook", { "stripe-signature": "t=1,v1=00" }],
    ["/stripe/checkout", { "content-type": "application/json" }],
  ] as const)("POST %s", async (path, headers) => {
    const request = new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: "{}" });
    const response = (await routes(request, env))!;
    expect(response.status).toBe(404);
    // It says what to set, to whoever looks.
    expect(await response.json()).toMatchObject({
      code: "funding_not_configured",
      error: expect.stringMatching(/set /),
    });
  });
});

describe("a signed Stripe body that is not an event is a 400, not a crash", () => {
  it.each([
    ["null", "bad_payload"],
    ["7", "bad_payload"],
    ['{"type":"checkout.session.completed"}', "bad_payload"],
    ['{"id":"evt_1","type":"checkout.session.completed","data":null}', "bad_payload"],
    ["{not json", "bad_json"],
  ])("%s", async (body, code) => {
    const response = await SELF.fetch(`${ORIGIN}/stripe-webhook`, {
      method: "POST",
      headers: { "stripe-signature": await stripeSignature(env.STRIPE_WEBHOOK_SECRET, body) },
      body,
    });
    await expectJsonError(response, 400, code);
  });
});

describe("an over-long URL becomes a clipped ledger source, never a refused charge", () => {
  it("meters a request whose path is 3,000 characters and keeps its first 2,048", async () => {
    const owner = `clip-${newUserId()}`;
    const long = "p".repeat(3_000);
    const response = await SELF.fetch(`${ORIGIN}/dispatch/${owner}/${long}`);
    expect(response.status).toBe(200);
    const { charges } = await userStub(env.METERED, owner).billingUsage();
    expect(charges).toHaveLength(1);
    expect(charges[0]!.source).toHaveLength(MAX_SOURCE_LENGTH);
    expect(`${ORIGIN}/dispatch/${owner}/${long}`.startsWith(charges[0]!.source!)).toBe(true);
  });
});
