// Agents pay /api/paid with x402: real EIP-3009 signatures from a throwaway key,
// verified and settled by the fake facilitator at the network edge (test/fake-facilitator.ts).
import { SELF, env } from "cloudflare:test";
import { masterShards, userStub } from "@userdo/core";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it, vi } from "vitest";
import { MASTER_SHARDS } from "../src/admin/master-reads.js";
import { PRICE_PER_REQUEST } from "../src/pricing.js";
import { ORIGIN, freshIp } from "./helpers.js";

// Each agent call from its own IP: the anonymous limit of one test never leaks into another.
const agentFetch: typeof fetch = (input, init) => {
  const request = new Request(input instanceof URL ? input.href : input, init);
  request.headers.set("cf-connecting-ip", freshIp());
  return SELF.fetch(request);
};

function agent() {
  const account = privateKeyToAccount(generatePrivateKey());
  const client = new x402Client().register("eip155:*", new ExactEvmScheme(account));
  const user = `x402-${account.address.toLowerCase()}`;
  return { account, client, user, pay: wrapFetchWithPayment(agentFetch, client) };
}

const studio = (path: string, body: object) =>
  SELF.fetch(`${ORIGIN}/sqlite/${path}/query/raw`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.STUDIO_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("/api/paid with x402", () => {
  it("answers a caller without credential 402 with PAYMENT-REQUIRED, where to pay and where to log in", async () => {
    const answer = await agentFetch(`${ORIGIN}/api/paid`);
    expect(answer.status).toBe(402);
    expect(await answer.json()).toMatchObject({
      code: "payment_required",
      amount: PRICE_PER_REQUEST,
      payUrl: "https://github.com/sponsors/example",
      loginUrl: "/oauth/login",
    });
    const required = decodePaymentRequiredHeader(answer.headers.get("payment-required")!);
    expect(required.accepts[0]).toMatchObject({ scheme: "exact", network: "eip155:84532", amount: "10000" });
  });

  it("lets an agent pay one call with its wallet: a user x402-<address> like any other, replicated, in the studio", async () => {
    const a = agent();
    const answer = await a.pay(`${ORIGIN}/api/paid`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ok: true, user: a.user, charged: PRICE_PER_REQUEST, balance: 0 });
    expect(decodePaymentResponseHeader(answer.headers.get("payment-response")!)).toMatchObject({ success: true });
    const account = await userStub(env.USERS, a.user).billingAccount();
    expect(account).toMatchObject({ credited: PRICE_PER_REQUEST, spent: PRICE_PER_REQUEST, balance: 0 });

    const master = masterShards(env.MASTER, MASTER_SHARDS);
    await vi.waitFor(
      async () => {
        const rows = await master.list("_userdo_billing_account", { where: { _source: a.user } });
        expect(rows).toMatchObject([{ credited: PRICE_PER_REQUEST, spent: PRICE_PER_REQUEST }]);
      },
      { timeout: 15_000, interval: 250 },
    );
    const credits = await studio(`USERS/${a.user}`, { sql: "SELECT source, amount FROM _userdo_billing_credits" });
    expect(credits.status).toBe(200);
    expect(JSON.stringify(await credits.json())).toContain("x402");
  });

  it("refuses a replayed payment: the second use of one PAYMENT-SIGNATURE is a 409 and runs nothing", async () => {
    const a = agent();
    let header = "";
    const capture: typeof fetch = (input, init) => {
      const request = new Request(input instanceof URL ? input.href : input, init);
      header = request.headers.get("payment-signature") ?? header;
      return agentFetch(request);
    };
    expect((await wrapFetchWithPayment(capture, a.client)(`${ORIGIN}/api/paid`)).status).toBe(200);
    const again = await agentFetch(`${ORIGIN}/api/paid`, { headers: { "payment-signature": header } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "payment_used" });
    expect(await userStub(env.USERS, a.user).billingAccount()).toMatchObject({ spent: PRICE_PER_REQUEST });
  });

  it("tops up with one payment, then spends the balance with the key it answered", async () => {
    const a = agent();
    const top = await a.pay(`${ORIGIN}/x402/top-up`, { method: "POST" });
    expect(top.status).toBe(200);
    const { key, balance } = (await top.json()) as { key: string; balance: number };
    expect(balance).toBe(1_000_000);
    const call = await agentFetch(`${ORIGIN}/api/paid`, { headers: { authorization: `Bearer ${key}` } });
    expect(call.status).toBe(200);
    expect(await call.json()).toMatchObject({ user: a.user, balance: 1_000_000 - PRICE_PER_REQUEST });
  });

  it("answers a malformed PAYMENT-SIGNATURE with a 400 JSON error", async () => {
    const answer = await agentFetch(`${ORIGIN}/api/paid`, { headers: { "payment-signature": "not-base64!" } });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ code: "bad_payment" });
  });
});
