import { SELF, env } from "cloudflare:test";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  encodePaymentSignatureHeader,
} from "@x402/core/http";
import type { PaymentPayload, PaymentRequired } from "@x402/core/types";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ERROR_RESPONSE, jsonAnswer, openApiDocument, openApiPart, userStub } from "@userdo/core";
import * as v from "valibot";
import { x402OpenApi, x402Operation, x402Settings } from "../src/x402.js";
import { newUserId, tokenFor } from "./helpers.js";

const PAY_TO = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
const PRICE = 10_000; // $0.01, X402_PRICES["/x402/paid"]

interface FakeState {
  settlements: { transaction: string; from: string; to: string; value: string; nonce: string }[];
  verifyCalls: number;
  settleCalls: number;
}

// The fake facilitator lives at the network edge: the test's own fetch reaches it too.
const facilitator = {
  state: async () => (await (await fetch("https://facilitator.test/_state")).json()) as FakeState,
  mode: (mode: { verify?: string; settle?: string }) =>
    fetch("https://facilitator.test/_mode", { method: "POST", body: JSON.stringify(mode) }),
  reset: () => fetch("https://facilitator.test/_reset", { method: "POST" }),
};

const selfFetch: typeof fetch = (input, init) => SELF.fetch(input instanceof URL ? input.href : input, init);
const runs = (user: string) => env.WORK_LOG.get(env.WORK_LOG.idFromName(user)).count();

/** A throwaway wallet that signs real EIP-3009 payments. */
function wallet() {
  const account = privateKeyToAccount(generatePrivateKey());
  // No spend controls: the tests sign for wrong assets and networks on purpose.
  const client = x402Client.fromConfig({
    schemes: [{ network: "eip155:*", client: new ExactEvmScheme(account) }],
    spendControls: false,
  });
  const user = `x402-${account.address.toLowerCase()}`;
  return { account, client, user, stub: userStub(env.USERS, user), pay: wrapFetchWithPayment(selfFetch, client) };
}

/** The route's 402, decoded. */
async function required(path: string, init: RequestInit = {}): Promise<PaymentRequired> {
  const answer = await SELF.fetch(`http://localhost${path}`, init);
  expect(answer.status).toBe(402);
  return decodePaymentRequiredHeader(answer.headers.get("payment-required")!);
}

/** A signed `PAYMENT-SIGNATURE` for the route, its requirements first changed by `change`. */
async function signed(
  w: ReturnType<typeof wallet>,
  path = "/x402/paid",
  change: (r: PaymentRequired["accepts"][number]) => void = () => {},
  tamper: (p: PaymentPayload) => void = () => {},
): Promise<string> {
  const pr = await required(path, { method: path === "/x402/top-up" ? "POST" : "GET" });
  change(pr.accepts[0]!);
  const payload = await w.client.createPaymentPayload(pr);
  tamper(payload);
  return encodePaymentSignatureHeader(payload);
}

const payWith = (header: string, path = "/x402/paid", headers: Record<string, string> = {}) =>
  SELF.fetch(`http://localhost${path}`, { headers: { "payment-signature": header, ...headers } });

beforeEach(async () => {
  await facilitator.reset();
});
afterEach(async () => {
  await facilitator.mode({});
});

describe("x402: no payment", () => {
  it("answers 402 with PAYMENT-REQUIRED for the route's price and the app's own JSON (where to pay, where to log in)", async () => {
    const answer = await SELF.fetch("http://localhost/x402/paid");
    expect(answer.status).toBe(402);
    expect(answer.headers.get("link")).toBe('<https://github.com/sponsors/example>; rel="payment"');
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: "payment_required",
      amount: PRICE,
      payUrl: "https://github.com/sponsors/example",
    });
    expect(body.loginUrl).toBeDefined();
    const pr = decodePaymentRequiredHeader(answer.headers.get("payment-required")!);
    expect(pr.x402Version).toBe(2);
    expect(pr.resource.url).toBe("http://localhost/x402/paid");
    expect(pr.accepts).toEqual([
      {
        scheme: "exact",
        network: "eip155:84532",
        asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
        amount: "10000",
        payTo: PAY_TO,
        maxTimeoutSeconds: 300,
        extra: { name: "USDC", version: "2" },
      },
    ]);
  });

  it("adds PAYMENT-REQUIRED to the 402 of a token whose balance is too low, and lets a funded token pay as before", async () => {
    const user = newUserId();
    const stub = userStub(env.USERS, user);
    const { secret } = await tokenFor(stub, user, { scopes: ["api:paid"] });
    const auth = { authorization: `Bearer udo_${user}_${secret}` };
    const poor = await SELF.fetch("http://localhost/x402/paid", { headers: auth });
    expect(poor.status).toBe(402);
    expect(await poor.json()).toMatchObject({ code: "insufficient_funds" });
    expect(poor.headers.get("payment-required")).toBeTruthy();
    await stub.billingCredit({ source: "test", externalId: "fund", amount: 1000 });
    const ok = await SELF.fetch("http://localhost/x402/paid", { headers: auth });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ user, balance: 900 });
    expect(ok.headers.get("payment-response")).toBeNull();
  });
});

describe("x402: a credential of the app's own", () => {
  it("keeps the 401 of a forged token or cookie: only a request without any credential gets the 402", async () => {
    const user = newUserId();
    for (const headers of [
      { authorization: `Bearer udo_${user}_${"f".repeat(64)}` },
      { cookie: `udo_session=${user}.${"f".repeat(64)}` },
    ]) {
      const answer = await SELF.fetch("http://localhost/x402/paid", { headers });
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ code: "unauthenticated" });
    }
  });
});

describe("x402: a valid payment buys one piece of work", () => {
  it("pays with @x402/fetch: verified, settled, credited to x402-<address>, charged, answered with PAYMENT-RESPONSE", async () => {
    const w = wallet();
    const answer = await w.pay("http://localhost/x402/paid");
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ user: w.user, balance: 0, runs: 1 });
    const receipt = decodePaymentResponseHeader(answer.headers.get("payment-response")!);
    expect(receipt).toMatchObject({ success: true, network: "eip155:84532" });
    const { settlements } = await facilitator.state();
    expect(settlements).toHaveLength(1);
    expect(settlements[0]).toMatchObject({
      from: w.account.address,
      to: PAY_TO,
      value: "10000",
      transaction: receipt.transaction,
    });
    const audit = await w.stub.billingAudit();
    expect(audit.account).toMatchObject({ balance: 0, credited: PRICE, spent: PRICE, held: 0 });
    const payments = await w.stub.billingX402Payments();
    expect(payments).toEqual([
      expect.objectContaining({ status: "settled", amount: PRICE, transaction: receipt.transaction }),
    ]);
    const usage = await w.stub.billingUsage({ days: 1, limit: 5 });
    expect(usage.charges).toHaveLength(1);
  });

  it("refuses a sequential replay of the same payment with 409 payment_used: nothing runs or settles again", async () => {
    const w = wallet();
    const header = await signed(w);
    expect((await payWith(header)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const again = await payWith(header);
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: "payment_used" });
    }
    expect(await runs(w.user)).toBe(1);
    expect((await facilitator.state()).settleCalls).toBe(1);
    expect((await w.stub.billingAudit()).account).toMatchObject({ credited: PRICE, spent: PRICE });
  });

  it("runs the work once for 50 concurrent requests with one payment: one 200, 49 refusals, one settlement, one credit", async () => {
    const w = wallet();
    const header = await signed(w);
    const answers = await Promise.all(Array.from({ length: 50 }, () => payWith(header)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await runs(w.user)).toBe(1);
    const state = await facilitator.state();
    expect(state.settleCalls).toBe(1);
    expect(state.settlements).toHaveLength(1);
    expect((await w.stub.billingAudit()).account).toMatchObject({ balance: 0, credited: PRICE, spent: PRICE, held: 0 });
  });

  it("keeps the answer under an Idempotency-Key: a new payment with a done key replays, its money stays as balance", async () => {
    const w = wallet();
    const first = await payWith(await signed(w), "/x402/paid", { "idempotency-key": "job-1" });
    expect(first.status).toBe(200);
    const second = await payWith(await signed(w), "/x402/paid", { "idempotency-key": "job-1" });
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.headers.get("payment-response")).toBeTruthy();
    expect(await runs(w.user)).toBe(1);
    expect((await w.stub.billingAudit()).account).toMatchObject({ balance: PRICE, credited: 2 * PRICE, spent: PRICE });
  });

  it("keeps the money as balance when the work fails: nothing charged, never lost", async () => {
    const w = wallet();
    const answer = await payWith(await signed(w), "/x402/paid?status=500");
    expect(answer.status).toBe(500);
    expect(answer.headers.get("payment-response")).toBeTruthy();
    expect((await w.stub.billingAudit()).account).toMatchObject({ balance: PRICE, credited: PRICE, spent: 0, held: 0 });
  });
});

describe("x402: payments that do not pay for the route", () => {
  it("refuses a wrong amount, a wrong pay-to, another network or asset with 402 payment_mismatch, before the facilitator", async () => {
    const w = wallet();
    const cases: ((r: PaymentRequired["accepts"][number]) => void)[] = [
      (r) => (r.amount = "9999"),
      (r) => (r.payTo = "0x000000000000000000000000000000000000dEaD"),
      (r) => (r.network = "eip155:8453"),
      (r) => (r.asset = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
    ];
    for (const change of cases) {
      const answer = await payWith(await signed(w, "/x402/paid", change));
      expect(answer.status).toBe(402);
      expect(await answer.json()).toMatchObject({ code: "payment_mismatch" });
      expect(decodePaymentRequiredHeader(answer.headers.get("payment-required")!).error).toMatch(/not this route's/);
    }
    // Claims the price it accepted, but signed less.
    const sly = await signed(
      w,
      "/x402/paid",
      (r) => (r.amount = "1"),
      (p) => (p.accepted.amount = "10000"),
    );
    expect((await payWith(sly)).status).toBe(402);
    expect((await facilitator.state()).verifyCalls).toBe(0);
    expect(await runs(w.user)).toBe(0);
  });

  it("refuses an expired authorization with 402 payment_expired", async () => {
    const w = wallet();
    const answer = await payWith(await signed(w, "/x402/paid", (r) => (r.maxTimeoutSeconds = 2)));
    expect(answer.status).toBe(402);
    expect(await answer.json()).toMatchObject({ code: "payment_expired" });
  });

  it("refuses a forged signature: the facilitator's own verification says no (402 payment_invalid), nothing claimed", async () => {
    const w = wallet();
    const other = wallet();
    // Signed by another key, presented as this wallet's.
    const forged = await signed(
      other,
      "/x402/paid",
      () => {},
      (p) => {
        (p.payload as { authorization: { from: string } }).authorization.from = w.account.address;
      },
    );
    const answer = await payWith(forged);
    expect(answer.status).toBe(402);
    expect(await answer.json()).toMatchObject({ code: "payment_invalid", reason: "invalid_exact_evm_signature" });
    expect(await w.stub.billingX402Payments()).toEqual([]);
  });

  it("answers malformed or hostile PAYMENT-SIGNATURE headers with a 400 JSON error, never a 5xx", async () => {
    const b64 = (text: string) => btoa(text);
    const headers = [
      "",
      "%%%not base64%%%",
      "e30=",
      b64("null"),
      b64("[]"),
      b64("{not json"),
      b64(JSON.stringify({ x402Version: 1 })),
      b64(JSON.stringify({ x402Version: 2, accepted: {}, payload: {} })),
      b64(
        JSON.stringify({ x402Version: 2, accepted: { scheme: "exact" }, payload: { authorization: { from: "0x1" } } }),
      ),
      "A".repeat(20_000),
      b64("\u0000\u0001\u0002"),
    ];
    for (const header of headers) {
      const answer = await payWith(header);
      expect(answer.status, header.slice(0, 40)).toBe(400);
      expect(await answer.json()).toMatchObject({ code: "bad_payment" });
    }
    for (const key of ["x402_zz", `x402_${"a".repeat(40)}_${"b".repeat(43)}`]) {
      const answer = await SELF.fetch("http://localhost/x402/paid", { headers: { authorization: `Bearer ${key}` } });
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ code: "bad_balance_key" });
    }
  });
});

describe("x402: a failing facilitator", () => {
  it("answers 502 when verify fails and 504 when it times out: nothing recorded, the same payment works afterwards", async () => {
    const w = wallet();
    const header = await signed(w);
    await facilitator.mode({ verify: "503" });
    const down = await payWith(header);
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({ code: "facilitator_unavailable" });
    await facilitator.mode({ verify: "hang" });
    const slow = await payWith(header);
    expect(slow.status).toBe(504);
    expect(await slow.json()).toMatchObject({ code: "facilitator_timeout" });
    expect(await w.stub.billingX402Payments()).toEqual([]);
    await facilitator.mode({});
    expect((await payWith(header)).status).toBe(200);
    expect(await runs(w.user)).toBe(1);
  });

  it("runs no work when settlement fails (503) or times out: recorded as unknown, never credited, never reusable", async () => {
    for (const settle of ["503", "hang"]) {
      const w = wallet();
      const header = await signed(w);
      await facilitator.mode({ settle });
      const answer = await payWith(header);
      expect(answer.status).toBe(502);
      expect(await answer.json()).toMatchObject({ code: "settlement_unknown" });
      expect(await runs(w.user)).toBe(0);
      expect(await w.stub.billingX402Payments()).toEqual([expect.objectContaining({ status: "unknown" })]);
      expect((await w.stub.billingAudit()).account).toMatchObject({ credited: 0, spent: 0 });
      await facilitator.mode({});
      expect((await payWith(header)).status).toBe(409);
      expect(await runs(w.user)).toBe(0);
    }
  });
});

describe("x402: top-up, then spending per request", () => {
  it("credits one larger payment and answers a balance key; the key then pays per request without the facilitator", async () => {
    const w = wallet();
    const top = await w.pay("http://localhost/x402/top-up", { method: "POST" });
    expect(top.status).toBe(200);
    const body = (await top.json()) as { user: string; credited: number; balance: number; key: string };
    expect(body).toMatchObject({ user: w.user, credited: 1_000_000, balance: 1_000_000 });
    expect(body.key).toMatch(new RegExp(`^x402_${w.account.address.toLowerCase().slice(2)}_`));
    const calls = (await facilitator.state()).settleCalls;
    const auth = { authorization: `Bearer ${body.key}` };
    for (let i = 1; i <= 3; i++) {
      const answer = await SELF.fetch("http://localhost/x402/paid", { headers: auth });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ user: w.user, balance: 1_000_000 - i * PRICE, runs: i });
    }
    expect((await facilitator.state()).settleCalls).toBe(calls);
    expect((await w.stub.billingAudit()).account).toMatchObject({ credited: 1_000_000, spent: 3 * PRICE });
    // Another wallet's address with this secret is not a key.
    const other = wallet();
    const stolen = body.key.replace(
      w.account.address.toLowerCase().slice(2),
      other.account.address.toLowerCase().slice(2),
    );
    expect(
      (await SELF.fetch("http://localhost/x402/paid", { headers: { authorization: `Bearer ${stolen}` } })).status,
    ).toBe(401);
  });

  it("answers 402 with PAYMENT-REQUIRED when the balance a key spends runs out", async () => {
    const w = wallet();
    const top = (await (await w.pay("http://localhost/x402/top-up", { method: "POST" })).json()) as { key: string };
    await w.stub.billingAdjust({ amount: -995_000, reason: "test", admin: "1", key: "drain" });
    const answer = await SELF.fetch("http://localhost/x402/paid", { headers: { authorization: `Bearer ${top.key}` } });
    expect(answer.status).toBe(402);
    expect(await answer.json()).toMatchObject({ code: "insufficient_funds" });
    expect(answer.headers.get("payment-required")).toBeTruthy();
  });
});

describe("x402 configuration", () => {
  it("names the var to set when one is missing or wrong", () => {
    const good = {
      X402_PAY_TO: PAY_TO,
      X402_NETWORK: "eip155:84532",
      X402_FACILITATOR_URL: "https://x402.org/facilitator",
      X402_PRICES: '{"/api/paid": 10000}',
    };
    expect(x402Settings(good).prices.get("/api/paid")).toBe(10_000);
    expect(() => x402Settings({ ...good, X402_PAY_TO: "" })).toThrow(/X402_PAY_TO/);
    expect(() => x402Settings({ ...good, X402_NETWORK: "base" })).toThrow(/X402_NETWORK/);
    expect(() => x402Settings({ ...good, X402_FACILITATOR_URL: "http://example.com" })).toThrow(/X402_FACILITATOR_URL/);
    expect(() => x402Settings({ ...good, X402_PRICES: '{"/api/paid": 0.5}' })).toThrow(/X402_PRICES/);
    expect(() => x402Settings({ ...good, X402_PRICES: "nope" })).toThrow(/X402_PRICES/);
    expect(() => x402Settings({ ...good, X402_ASSET: "0x036CbD53842c5426634e7929541eC2318f3dCF7e" })).toThrow(
      /X402_ASSET_NAME/,
    );
    expect(() => x402Settings({ ...good, X402_FACILITATOR_URL: "https://user:pw@x402.org/f" })).toThrow(/credentials/);
  });
});

describe("x402 in the OpenAPI document", () => {
  it("composes the top-up route and a paid operation marked with x402Operation", () => {
    const paid = x402Operation({
      method: "get",
      path: "/x402/paid",
      summary: "paid",
      security: ["bearer"],
      responses: { 200: jsonAnswer("The answer.", v.object({ ok: v.boolean() })), 409: ERROR_RESPONSE },
    });
    const doc = openApiDocument({
      info: { title: "t", version: "1" },
      extra: [x402OpenApi({ topUp: "/x402/top-up" }), openApiPart({ operations: [paid] })],
    }) as unknown as {
      paths: Record<
        string,
        Record<
          string,
          {
            security: object[];
            parameters: { name: string; in: string }[];
            responses: Record<string, { description: string; headers?: object }>;
          }
        >
      >;
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/x402/top-up", "/x402/paid"]));
    const get = doc.paths["/x402/paid"]!.get!;
    expect(get.responses["402"]!.headers).toHaveProperty("PAYMENT-REQUIRED");
    expect(get.responses["200"]!.headers).toHaveProperty("PAYMENT-RESPONSE");
    expect(get.responses["409"]!.description).toMatch(/^An error.*payment_used/);
    expect(get.parameters).toContainEqual(expect.objectContaining({ name: "PAYMENT-SIGNATURE", in: "header" }));
    expect(get.security).toEqual([{ bearer: [] }, { x402Key: [] }, {}]);
    const topUp = doc.paths["/x402/top-up"]!.post!;
    expect(topUp.security).toEqual([{}]);
    expect(JSON.stringify(topUp.responses["200"])).toContain("#/components/schemas/X402TopUp");
    const text = JSON.stringify(doc);
    const components = (doc as unknown as { components: Record<string, Record<string, unknown>> }).components;
    for (const [, section, name] of text.matchAll(/"#\/components\/(\w+)\/(\w+)"/g))
      expect(components[section!]?.[name!], `${section}/${name}`).toBeDefined();
  });
});
