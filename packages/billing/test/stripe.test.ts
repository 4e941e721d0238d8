import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { stripeCalls } from "@userdo/test-utils/fakes";
import { newUserId, tokenFor } from "./helpers.js";
import { stripeSignature } from "@userdo/test-utils/signatures";

const SECRET = "whsec_test_userdo";

function completedEvent(
  user: string | null,
  options: {
    eventId?: string;
    session?: string;
    cents?: number;
    paid?: boolean;
    type?: string;
    currency?: string;
  } = {},
) {
  return {
    id: options.eventId ?? `evt_${crypto.randomUUID()}`,
    object: "event",
    type: options.type ?? "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: options.session ?? `cs_test_${crypto.randomUUID()}`,
        object: "checkout.session",
        client_reference_id: user,
        amount_total: options.cents ?? 1000,
        currency: options.currency ?? "usd",
        payment_status: options.paid === false ? "unpaid" : "paid",
        metadata: {},
      },
    },
  };
}

async function send(event: unknown, options: { signature?: string | null; timestamp?: number; secret?: string } = {}) {
  const body = JSON.stringify(event);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signature =
    options.signature === undefined
      ? await stripeSignature(options.secret ?? SECRET, body, options.timestamp)
      : options.signature;
  if (signature !== null) headers["stripe-signature"] = signature;
  return SELF.fetch("http://localhost/stripe-webhook", { method: "POST", headers, body });
}

const balanceOf = async (user: string) => (await userStub(env.USERS, user).billingAudit()).account;

describe("POST /stripe-webhook", () => {
  it("credits a paid checkout session exactly once", async () => {
    const user = newUserId();
    const event = completedEvent(user, { cents: 1234 });
    const response = await send(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, user, credited: 12_340_000, duplicate: false });
    // The same event again, and the session's second event, credit nothing.
    expect(await (await send(event)).json()).toMatchObject({ duplicate: true, credited: 0 });
    const async = completedEvent(user, {
      cents: 1234,
      session: event.data.object.id,
      type: "checkout.session.async_payment_succeeded",
    });
    expect(await (await send(async)).json()).toMatchObject({ duplicate: false, credited: 0 });
    expect(await balanceOf(user)).toMatchObject({ credited: 12_340_000, balance: 12_340_000 });
  });

  it("credits concurrent redeliveries of one event once", async () => {
    const user = newUserId();
    const event = completedEvent(user, { cents: 500 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => send(event)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect((await balanceOf(user)).credited).toBe(5_000_000);
  });

  it("refuses bad, stale, missing and foreign signatures with 401, crediting nothing", async () => {
    const user = newUserId();
    const event = completedEvent(user);
    const stale = await send(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ code: "stale_signature" });
    for (const options of [
      { signature: null },
      { signature: "t=1,v1=deadbeef" },
      { secret: "whsec_other" },
      { signature: "garbage" },
    ]) {
      const response = await send(event, options);
      expect(response.status).toBe(401);
    }
    expect((await balanceOf(user)).credited).toBe(0);
  });

  it("acknowledges other events, unpaid sessions and other currencies without crediting", async () => {
    const user = newUserId();
    expect((await send({ ...completedEvent(user), type: "customer.created" })).status).toBe(202);
    expect((await send(completedEvent(user, { paid: false }))).status).toBe(202);
    expect((await send(completedEvent(user, { currency: "eur" }))).status).toBe(202);
    expect((await balanceOf(user)).credited).toBe(0);
  });

  it("credits a session without a valid user to the unclaimed object", async () => {
    const response = await send(completedEvent("not-a-user-id", { cents: 300 }));
    expect(await response.json()).toMatchObject({ user: "unclaimed", credited: 3_000_000 });
  });
});

describe("Stripe Checkout top-up", () => {
  it("creates a session for the logged-in user and redirects to Stripe", async () => {
    const user = newUserId();
    const { secret } = await tokenFor(userStub(env.USERS, user), user);
    const response = await SELF.fetch("http://localhost/stripe/checkout", {
      method: "POST",
      headers: { authorization: `Bearer udo_${user}_${secret}`, "content-type": "application/x-www-form-urlencoded" },
      body: "amountCents=2000",
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const call = stripeCalls.at(-1)!;
    expect(call.path).toBe("/v1/checkout/sessions");
    expect(call.authorization).toBe("Bearer sk_test_userdo");
    expect(call.form.get("client_reference_id")).toBe(user);
    expect(call.form.get("line_items[0][price_data][unit_amount]")).toBe("2000");
    expect(call.form.get("success_url")).toBe("http://localhost/stripe/success?session_id={CHECKOUT_SESSION_ID}");
  });

  it("refuses an anonymous caller (401) and a bad amount (400) before calling Stripe", async () => {
    const before = stripeCalls.length;
    const anonymous = await SELF.fetch("http://localhost/stripe/checkout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"amountCents":500}',
    });
    expect(anonymous.status).toBe(401);
    const user = newUserId();
    const { secret } = await tokenFor(userStub(env.USERS, user), user);
    for (const amountCents of [1.5, 5, 10_000_000, "500"]) {
      const response = await SELF.fetch("http://localhost/stripe/checkout", {
        method: "POST",
        headers: { authorization: `Bearer udo_${user}_${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ amountCents }),
      });
      expect(response.status).toBe(400);
    }
    expect(stripeCalls.length).toBe(before);
  });

  it("shows a success page that only reads, however often it is refreshed", async () => {
    const user = newUserId();
    const { secret } = await tokenFor(userStub(env.USERS, user), user);
    const headers = { authorization: `Bearer udo_${user}_${secret}` };
    const event = completedEvent(user, { cents: 700 });
    const url = `http://localhost/stripe/success?session_id=${event.data.object.id}`;
    const before = await SELF.fetch(url, { headers });
    expect(before.headers.get("x-credited")).toBe("false");
    expect(await before.text()).toContain("being confirmed");
    await send(event);
    for (let i = 0; i < 3; i++) {
      const page = await SELF.fetch(url, { headers });
      expect(page.headers.get("x-credited")).toBe("true");
      expect(await page.text()).toContain("$7.00 was added");
    }
    expect((await balanceOf(user)).credited).toBe(7_000_000);
    expect((await SELF.fetch(url)).status).toBe(401);
  });
});
