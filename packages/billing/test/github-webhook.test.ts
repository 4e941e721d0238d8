import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { newUserId } from "./helpers.js";
import { githubSignature } from "@userdo/test-utils/signatures";

const SECRET = "test-github-webhook-secret";
let delivery = 0;

function sponsorshipPayload(
  action: string,
  sponsorId: number,
  options: { node?: string; cents?: number; oneTime?: boolean; createdAt?: string } = {},
) {
  return {
    action,
    sponsorship: {
      node_id: options.node ?? `S_${sponsorId}`,
      created_at: options.createdAt ?? new Date().toISOString(),
      sponsor: { login: `sponsor${sponsorId}`, id: sponsorId, type: "User" },
      sponsorable: { login: "maintainer", id: 1 },
      privacy_level: "public",
      tier: {
        node_id: "T_1",
        monthly_price_in_cents: options.cents ?? 500,
        monthly_price_in_dollars: (options.cents ?? 500) / 100,
        name: "$5 a month",
        is_one_time: options.oneTime ?? false,
      },
    },
    ...(action === "tier_changed" && { changes: { tier: { from: { monthly_price_in_cents: 500 } } } }),
    ...(action.startsWith("pending") && { effective_date: new Date(Date.now() + 86_400_000).toISOString() }),
  };
}

async function deliver(
  event: string,
  payload: unknown,
  options: { id?: string; signature?: string | null; secret?: string } = {},
) {
  const body = JSON.stringify(payload);
  const id = options.id ?? `delivery-${++delivery}-${Math.random()}`;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-github-event": event,
    "x-github-delivery": id,
  };
  const signature =
    options.signature === undefined ? await githubSignature(options.secret ?? SECRET, body) : options.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  return { id, response: await SELF.fetch("http://localhost/github-webhook", { method: "POST", headers, body }) };
}

async function account(user: string) {
  return (await userStub(env.USERS, user).billingAudit()).account;
}

describe("POST /github-webhook", () => {
  it("credits a new sponsorship from the payload to the sponsor's own object", async () => {
    const sponsor = Number(newUserId());
    const { response } = await deliver("sponsorship", sponsorshipPayload("created", sponsor, { cents: 500 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      action: "created",
      user: String(sponsor),
      credited: 5_000_000,
      duplicate: false,
    });
    expect(await account(String(sponsor))).toMatchObject({ balance: 5_000_000, credited: 5_000_000 });
  });

  it("does nothing for a redelivery (same delivery id)", async () => {
    const sponsor = Number(newUserId());
    const payload = sponsorshipPayload("created", sponsor);
    const { id } = await deliver("sponsorship", payload);
    const again = await deliver("sponsorship", payload, { id });
    expect(await again.response.json()).toMatchObject({ duplicate: true, credited: 0 });
    expect((await account(String(sponsor))).credited).toBe(5_000_000);
  });

  it("credits a sponsorship cycle once even when GitHub sends it under two delivery ids", async () => {
    const sponsor = Number(newUserId());
    const payload = sponsorshipPayload("created", sponsor);
    await deliver("sponsorship", payload);
    const second = await deliver("sponsorship", payload);
    expect(await second.response.json()).toMatchObject({ duplicate: false, credited: 0 });
    expect((await account(String(sponsor))).credited).toBe(5_000_000);
  });

  it("handles each sponsorship action on its own terms", async () => {
    const sponsor = Number(newUserId());
    const user = String(sponsor);
    const credited = async (action: string, cents = 500) => {
      const { response } = await deliver("sponsorship", sponsorshipPayload(action, sponsor, { cents }));
      expect(response.status).toBe(200);
      return ((await response.json()) as { credited: number }).credited;
    };
    expect(await credited("created")).toBe(5_000_000);
    expect(await credited("edited")).toBe(0);
    expect(await credited("pending_tier_change", 1000)).toBe(0);
    expect(await credited("tier_changed", 1000)).toBe(0);
    expect(await credited("pending_cancellation", 1000)).toBe(0);
    expect(await credited("cancelled", 1000)).toBe(0);
    expect(await account(user)).toMatchObject({ credited: 5_000_000, balance: 5_000_000 });
    const state = await userStub(env.USERS, user).billingAudit();
    expect(state.rows.credited).toBe(5_000_000);
  });

  it("credits a one-time sponsorship once", async () => {
    const sponsor = Number(newUserId());
    const { response } = await deliver(
      "sponsorship",
      sponsorshipPayload("created", sponsor, { cents: 2500, oneTime: true }),
    );
    expect(await response.json()).toMatchObject({ credited: 25_000_000 });
  });

  it("refuses a bad signature, a missing one and one made with another secret, before parsing", async () => {
    const sponsor = Number(newUserId());
    const payload = sponsorshipPayload("created", sponsor);
    const cases = [
      { signature: null, code: "missing_signature" },
      { signature: `sha256=${"0".repeat(64)}`, code: "bad_signature" },
      { signature: "sha1=abc", code: "bad_signature" },
      { secret: "another-secret", code: "bad_signature" },
    ];
    for (const { code, ...options } of cases) {
      const { response } = await deliver("sponsorship", payload, options);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code });
    }
    // A signed body that is not JSON is a 400 (after verification), never a 500.
    const body = "not json";
    const response = await SELF.fetch("http://localhost/github-webhook", {
      method: "POST",
      headers: {
        "x-github-event": "sponsorship",
        "x-github-delivery": "d-bad-json",
        "x-hub-signature-256": await githubSignature(SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(400);
    expect((await account(String(sponsor))).credited).toBe(0);
  });

  it("acknowledges and ignores other events and unknown actions", async () => {
    const push = await deliver("push", { ref: "refs/heads/main" });
    expect(push.response.status).toBe(202);
    expect(await push.response.json()).toEqual({ ignored: true, event: "push" });
    expect((await deliver("ping", { zen: "Keep it logically awesome." })).response.status).toBe(200);
    const unknown = await deliver("sponsorship", sponsorshipPayload("teleported", 5));
    expect(unknown.response.status).toBe(202);
  });

  it("rejects a signed payload with a malformed sponsor id (400) and an oversized body (413)", async () => {
    const payload = sponsorshipPayload("created", 7);
    payload.sponsorship.sponsor.id = -1;
    expect((await deliver("sponsorship", payload)).response.status).toBe(400);
    const huge = { action: "created", padding: "x".repeat(300_000) };
    expect((await deliver("sponsorship", huge)).response.status).toBe(413);
  });
});
