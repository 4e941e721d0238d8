import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { FREE_REMAINING_HEADER } from "../src/dispatch.js";
import { INCLUDED_REQUESTS, PRICE_PER_REQUEST } from "../src/owner-object.js";

// Issue 14, defect 1: a client's Idempotency-Key bought a forwarded request
// again and again, for free, after quota and balance were gone.

const owner = () => userStub(env.OWNERS, "1");
const app = (headers: Record<string, string> = {}) =>
  SELF.fetch("http://hello.localhost/", { headers, redirect: "manual" });

describe("metered dispatch and the client's Idempotency-Key", () => {
  it("meters every request that repeats one key, and forwards none once quota and balance are gone", async () => {
    const k = { "idempotency-key": "k" };
    const first = await app(k);
    expect(first.status).toBe(200);
    expect(first.headers.get(FREE_REMAINING_HEADER)).toBe(String(INCLUDED_REQUESTS - 1));
    // The same key again is another forwarded request: it counts like any.
    expect((await app(k)).headers.get(FREE_REMAINING_HEADER)).toBe(String(INCLUDED_REQUESTS - 2));
    for (let i = 2; i < INCLUDED_REQUESTS; i++) expect((await app()).status).toBe(200);
    await owner().billingCredit({ source: "test", externalId: "one-request", amount: PRICE_PER_REQUEST });
    expect((await app()).status).toBe(200);
    expect((await app()).status).toBe(402);
    const repeats = await Promise.all(Array.from({ length: 10 }, () => app(k)));
    expect(repeats.map((r) => r.status)).toEqual(Array(10).fill(402));
    expect((await owner().billingAudit()).account).toMatchObject({ balance: 0, spent: PRICE_PER_REQUEST });
  });
});
