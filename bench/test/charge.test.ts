import { env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { PAID_PRICE } from "../src/charge/charge-routes.js";
import { ORIGIN, call, post } from "./http.js";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** An API token of a user nobody funded, stored through the auth plugin as a login would store it. */
async function tokenOf(user: string): Promise<string> {
  const secret = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const profile = {
    id: user,
    login: "unfunded",
    name: null,
    avatarUrl: null,
    email: null,
    bio: null,
    blog: null,
    twitterUsername: null,
    createdAt: null,
    sourceDomain: null,
  };
  const token = {
    id: `tok_${secret.slice(0, 24)}`,
    secretHash: await sha256Hex(secret),
    name: "bench",
    scopes: ["*"],
    budget: null,
    expiresAt: Date.now() + 3_600_000,
  };
  await userStub(env.USERS, user).authSignIn({ profile, providerToken: null, stateHash: null, token });
  return `udo_${user}_${secret}`;
}

/** Dev login, then an API token made with that session: what the runner does. */
async function logIn(): Promise<{ cookie: string; token: string; user: string }> {
  const login = await call("/oauth/login");
  expect(login.status).toBe(302);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.includes("udo_session="));
  expect(cookie).toBeDefined();
  const issued = await post("/oauth/token", {
    headers: { cookie: cookie!, origin: ORIGIN, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", scopes: ["*"] }),
  });
  expect(issued.status).toBe(201);
  const me = await call("/me", { headers: { cookie: cookie! } });
  return { cookie: cookie!, token: issued.body.token, user: me.body.user };
}

describe("scenario 3: charges", () => {
  it("charges n keys once each in the object; the same keys again charge nothing", async () => {
    expect(await post("/charge/fund/charge-in-object")).toMatchObject({ status: 200 });
    expect(await call("/charge/in-object/ledger?n=25&prefix=a")).toMatchObject({ status: 200, body: { result: 25 } });
    expect(await call("/charge/in-object/ledger?n=25&prefix=a")).toMatchObject({ status: 200, body: { result: 0 } });
    const audit = await userStub(env.USERS, "charge-in-object").billingAudit();
    expect(audit.rows.charges).toBe(25);
    expect(audit.account.spent).toBe(25);
    expect(await call("/charge/in-object/bare?n=25")).toMatchObject({ status: 200, body: { result: 25 } });
    expect(await call("/charge/in-object/bare-returning?n=25")).toMatchObject({ status: 200, body: { result: 25 } });
  });

  it("funds once: a second fund call credits nothing", async () => {
    await post("/charge/fund/funded-once");
    await post("/charge/fund/funded-once");
    expect((await userStub(env.USERS, "funded-once").billingAudit()).account.credited).toBe(1_000_000_000);
  });

  it("refuses to time refusals: an unfunded user is a 402, and nothing is written", async () => {
    expect(await call("/charge/per-call/ledger?n=3&prefix=x")).toMatchObject({
      status: 402,
      body: { code: "insufficient_funds" },
    });
    expect((await userStub(env.USERS, "charge-per-call").billingAudit()).rows.charges).toBe(0);
  });

  it("charges per object call", async () => {
    await post("/charge/fund/charge-per-call");
    expect(await call("/charge/per-call/ledger?n=5&prefix=p")).toMatchObject({ status: 200, body: { result: 5 } });
    expect(await call("/charge/per-call/bare?n=5")).toMatchObject({ status: 200, body: { result: 5 } });
    // The read RPCs beside them commit nothing: the balance stays where the charges left it.
    const before = (await userStub(env.USERS, "charge-per-call").billingAudit()).account.balance;
    expect(await call("/charge/per-call/bare-read?n=3")).toMatchObject({ status: 200, body: { result: 3 } });
    expect(await call("/charge/per-call/ledger-read?n=3")).toMatchObject({ status: 200, body: { result: 3 } });
    expect((await userStub(env.USERS, "charge-per-call").billingAudit()).account.balance).toBe(before);
  });

  it("serves a paid request with a token or the session, charged once per Idempotency-Key (a replay is a 409)", async () => {
    const { cookie, token, user } = await logIn();
    expect(await call("/paid", { headers: { authorization: `Bearer ${token}` } })).toMatchObject({ status: 402 });
    await post(`/charge/fund/${user}`);
    const first = await call("/paid", { headers: { authorization: `Bearer ${token}`, "idempotency-key": "job-1" } });
    expect(first).toMatchObject({ status: 200, body: { ok: true, user, balance: 1_000_000_000 - 1 } });
    const again = await call("/paid", { headers: { authorization: `Bearer ${token}`, "idempotency-key": "job-1" } });
    expect(again).toMatchObject({ status: 409, body: { code: "already_charged" } });
    expect(await call("/paid", { headers: { cookie } })).toMatchObject({
      status: 200,
      body: { balance: 1_000_000_000 - 2 },
    });
  });

  it("charges once per paid request in one object call and in sponsorflare's three calls alike", async () => {
    const { cookie, token, user } = await logIn();
    await post(`/charge/fund/${user}`);
    const stub = userStub(env.USERS, user);
    const before = (await stub.billingAudit()).rows;
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect(await call("/charge/paid-loop/one?n=4", bearer)).toMatchObject({ status: 200, body: { result: 4 } });
    expect(await call("/charge/paid-loop/three?n=4", bearer)).toMatchObject({ status: 200, body: { result: 4 } });
    expect(await call("/charge/paid-loop/three?n=2", { headers: { cookie } })).toMatchObject({
      status: 200,
      body: { result: 2 },
    });
    const after = await stub.billingAudit();
    expect(after.rows.charges - before.charges).toBe(10);
    expect(after.rows.spent - before.spent).toBe(10 * PAID_PRICE);
    expect(after.account.spent).toBe(after.rows.spent);
    // Each shape writes the same ledger row: no key (none was sent, none is made up), the request's URL as source, the same amount.
    const credential = { kind: "token" as const, user, secretHash: await sha256Hex(token.split("_").at(-1)!) };
    const usage = await stub.billingUsageAs(credential, { limit: 10 });
    const rows = usage.authenticated ? usage.result.charges : [];
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((c) => `${c.amount} ${c.source}`))).toEqual(new Set([`${PAID_PRICE} ${ORIGIN}/paid`]));
    expect(rows.every((c) => c.key === null)).toBe(true);
  });

  it("refuses in three calls as in one: 401 without or with a forged credential, 402 unfunded, nothing written", async () => {
    for (const shape of ["one", "three"]) {
      expect(await call(`/charge/paid-loop/${shape}?n=1`)).toMatchObject({ status: 401 });
      expect(
        await call(`/charge/paid-loop/${shape}?n=1`, { headers: { authorization: "Bearer udo_1_forged" } }),
      ).toMatchObject({ status: 401 });
    }
    const user = "424242";
    const bearer = { headers: { authorization: `Bearer ${await tokenOf(user)}` } };
    expect(await call("/charge/paid-loop/one?n=1", bearer)).toMatchObject({
      status: 402,
      body: { code: "insufficient_funds" },
    });
    expect(await call("/charge/paid-loop/three?n=1", bearer)).toMatchObject({
      status: 402,
      body: { code: "insufficient_funds" },
    });
    expect((await userStub(env.USERS, user).billingAudit()).rows.charges).toBe(0);
  });

  it("answers 401 without a credential or with a forged one, and the pass-through needs none", async () => {
    expect(await call("/paid")).toMatchObject({ status: 401 });
    expect(await call("/paid", { headers: { authorization: "Bearer udo_1_forged" } })).toMatchObject({ status: 401 });
    expect(await call("/anon")).toMatchObject({ status: 200, body: { ok: true, user: null } });
  });

  it("refuses bad input with JSON errors", async () => {
    expect(await call("/charge/fund/someone")).toMatchObject({ status: 405, body: { code: "method_not_allowed" } });
    expect(await call("/charge/in-object/ledger?n=2")).toMatchObject({ status: 400, body: { code: "bad_name" } });
    expect(await call("/charge/in-object/ledger?n=2&prefix=a:b")).toMatchObject({
      status: 400,
      body: { code: "bad_name" },
    });
    expect(await call("/charge/per-call/bare?n=10001")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await call("/charge/elsewhere")).toMatchObject({ status: 404, body: { code: "not_found" } });
  });
});
