import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { newUserId, sessionFor, tokenFor } from "./helpers.js";

// Issue 14, defects 6, 7 and 9 (billing's routes).

const ORIGIN = "http://localhost";

async function adminCookie(): Promise<string> {
  const { secret } = await sessionFor(userStub(env.USERS, "1"), "1");
  return `udo_session=1.${secret}`;
}

async function userWith(scopes: string[]) {
  const user = newUserId();
  const stub = userStub(env.USERS, user);
  const { secret } = await tokenFor(stub, user, { scopes });
  await stub.billingCredit({ source: "test", externalId: "fund", amount: 1000 });
  return { user, stub, authorization: `Bearer udo_${user}_${secret}` };
}

describe("admin routes authenticated by the cookie check the origin (defect 6)", () => {
  it("refuses a cross-site POST /admin/balance and /admin/credit-limit with 403, changing nothing", async () => {
    const cookie = await adminCookie();
    const { user, stub } = await userWith(["*"]);
    const post = (path: string, body: object, headers: Record<string, string>) =>
      SELF.fetch(`${ORIGIN}${path}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", "idempotency-key": crypto.randomUUID(), ...headers },
        body: JSON.stringify(body),
      });
    const adjust = { user, amount: 5000, reason: "gift" };
    const foreigners: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const foreign of foreigners) {
      const balance = await post("/admin/balance", adjust, foreign);
      expect(balance.status).toBe(403);
      expect(await balance.json()).toMatchObject({ code: "cross_origin" });
      const limit = await post("/admin/credit-limit", { user, creditLimit: 9999 }, foreign);
      expect(limit.status).toBe(403);
    }
    expect((await stub.billingAudit()).account).toMatchObject({ balance: 1000, creditLimit: 0 });
    const fromHere = { origin: ORIGIN, "sec-fetch-site": "same-origin" };
    expect((await post("/admin/balance", adjust, fromHere)).status).toBe(200);
    expect((await post("/admin/credit-limit", { user, creditLimit: 9999 }, fromHere)).status).toBe(200);
    expect((await stub.billingAudit()).account).toMatchObject({ balance: 6000, creditLimit: 9999 });
  });
});

describe("POST /admin/balance's reason is required text (defect 9)", () => {
  it("refuses a missing, empty, non-string or too long reason with 400, storing nothing", async () => {
    const cookie = await adminCookie();
    const { user, stub } = await userWith(["*"]);
    for (const reason of [undefined, "", { a: 1 }, 42, ["x"], "x".repeat(501)]) {
      const response = await SELF.fetch(`${ORIGIN}/admin/balance`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({ user, amount: 10, reason }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "bad_input", error: expect.stringContaining("reason") });
    }
    expect((await stub.billingAudit()).account.adjusted).toBe(0);
    expect((await stub.readLog()).some((e) => e.message === "billing: balance adjusted")).toBe(false);
  });
});

describe("POST /stripe/checkout reads a bounded body (defect 7)", () => {
  it("answers 413 to a 50 MB body, declared or streamed, before calling Stripe", async () => {
    const { authorization } = await userWith(["*"]);
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    for (const type of ["application/x-www-form-urlencoded", "application/json"]) {
      const declared = await SELF.fetch(`${ORIGIN}/stripe/checkout`, {
        method: "POST",
        headers: { authorization, "content-type": type },
        body: big,
      });
      expect(declared.status).toBe(413);
      expect(await declared.json()).toMatchObject({ code: "body_too_large" });
    }
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50) return controller.close();
        sent++;
        controller.enqueue(new Uint8Array(1024 * 1024).fill(0x61));
      },
    });
    const streamed = await SELF.fetch(`${ORIGIN}/stripe/checkout`, {
      method: "POST",
      headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
      body: stream,
    });
    expect(streamed.status).toBe(413);
  });

  it("refuses a cross-site checkout post made with the cookie", async () => {
    const user = newUserId();
    const { secret } = await sessionFor(userStub(env.USERS, user), user);
    const response = await SELF.fetch(`${ORIGIN}/stripe/checkout`, {
      method: "POST",
      headers: {
        cookie: `udo_session=${user}.${secret}`,
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "amountCents=500",
    });
    expect(response.status).toBe(403);
  });
});

describe("token scopes on billing's read and checkout routes (defect 9)", () => {
  it("refuses a token without billing:read on /usage, /balance and the success page; billing:topup for checkout", async () => {
    const other = await userWith(["x"]);
    const reader = await userWith(["billing:read"]);
    const payer = await userWith(["billing:topup"]);
    const get = (path: string, authorization: string) => SELF.fetch(`${ORIGIN}${path}`, { headers: { authorization } });
    const checkout = (authorization: string) =>
      SELF.fetch(`${ORIGIN}/stripe/checkout`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify({ amountCents: 500 }),
        redirect: "manual",
      });
    for (const path of ["/usage", "/balance", "/stripe/success?session_id=cs_test_1"]) {
      const refused = await get(path, other.authorization);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: "missing_scope" });
      expect((await get(path, reader.authorization)).status).toBe(200);
    }
    expect((await checkout(other.authorization)).status).toBe(403);
    expect((await checkout(reader.authorization)).status).toBe(403);
    expect((await checkout(payer.authorization)).status).toBe(303);
  });
});
