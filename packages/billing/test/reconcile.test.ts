import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { cyclesBegun, reconcileSponsors } from "../src/index.js";
import { newUserId } from "./helpers.js";
import { githubSignature } from "./signatures.js";

interface FakeSponsorship {
  readonly id: string;
  readonly sponsorId: number;
  readonly createdAt: number;
  readonly cents: number;
  readonly oneTime?: boolean;
}

/**
 * A fake GitHub GraphQL sponsors API at the network edge: it checks the
 * request as GitHub would (POST, bearer token, a query for
 * sponsorshipsAsMaintainer) and pages the given sponsorships two at a time.
 */
function fakeGraphql(sponsorships: readonly FakeSponsorship[], seen: { requests: number }): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    seen.requests++;
    if (request.method !== "POST" || request.headers.get("authorization") !== "bearer ghp_test_userdo") {
      return Response.json({ message: "Bad credentials" }, { status: 401 });
    }
    const { query, variables } = (await request.json()) as { query: string; variables: { cursor: string | null } };
    if (!query.includes("sponsorshipsAsMaintainer")) return Response.json({ errors: [{ message: "unknown query" }] });
    const start = variables.cursor === null ? 0 : Number(variables.cursor);
    const page = sponsorships.slice(start, start + 2);
    const end = start + page.length;
    return Response.json({
      data: {
        viewer: {
          sponsorshipsAsMaintainer: {
            pageInfo: { hasNextPage: end < sponsorships.length, endCursor: String(end) },
            nodes: page.map((s) => ({
              id: s.id,
              createdAt: new Date(s.createdAt).toISOString(),
              isOneTimePayment: s.oneTime ?? false,
              tier: { monthlyPriceInCents: s.cents, isOneTime: s.oneTime ?? false },
              sponsorEntity: { databaseId: s.sponsorId },
            })),
          },
        },
      },
    });
  };
}

const DAY = 86_400_000;
const options = (fetch: typeof globalThis.fetch) => ({ users: (e: Cloudflare.Env) => e.USERS, token: (e: Cloudflare.Env) => e.GITHUB_SPONSORS_TOKEN, fetch });
const creditedOf = async (sponsorId: number) => (await userStub(env.USERS, String(sponsorId)).billingAudit()).account.credited;

describe("reconciliation against the GitHub GraphQL sponsors API", () => {
  it("credits the cycles no webhook delivered, and nothing twice", async () => {
    const webhooked = Number(newUserId());
    const missed = Number(newUserId());
    const once = Number(newUserId());
    const createdAt = Date.now() - 70 * DAY; // cycles 0, 1 and 2 have begun
    const sponsorships: FakeSponsorship[] = [
      { id: `S_${webhooked}`, sponsorId: webhooked, createdAt, cents: 500 },
      { id: `S_${missed}`, sponsorId: missed, createdAt, cents: 1000 },
      { id: `S_${once}`, sponsorId: once, createdAt, cents: 2500, oneTime: true },
    ];
    // The webhook delivered the first sponsorship's creation (cycle 0) only.
    const payload = JSON.stringify({
      action: "created",
      sponsorship: {
        node_id: `S_${webhooked}`,
        created_at: new Date(createdAt).toISOString(),
        sponsor: { id: webhooked, login: "w" },
        tier: { monthly_price_in_cents: 500, is_one_time: false },
      },
    });
    await SELF.fetch("http://localhost/github-webhook", {
      method: "POST",
      headers: { "x-github-event": "sponsorship", "x-github-delivery": `d-${webhooked}`, "x-hub-signature-256": await githubSignature("test-github-webhook-secret", payload) },
      body: payload,
    });
    expect(await creditedOf(webhooked)).toBe(5_000_000);

    const seen = { requests: 0 };
    const report = await reconcileSponsors(env, options(fakeGraphql(sponsorships, seen)));
    expect(seen.requests).toBe(2);
    expect(report).toEqual({ sponsorships: 3, skipped: 0, credited: 2 * 5_000_000 + 3 * 10_000_000 + 25_000_000 });
    expect(await creditedOf(webhooked)).toBe(15_000_000);
    expect(await creditedOf(missed)).toBe(30_000_000);
    expect(await creditedOf(once)).toBe(25_000_000);

    // Again: everything was credited already.
    expect(await reconcileSponsors(env, options(fakeGraphql(sponsorships, seen)))).toMatchObject({ credited: 0, sponsorships: 3 });
  });

  it("does not credit a sponsorship the webhook reported cancelled", async () => {
    const sponsor = Number(newUserId());
    const stub = userStub(env.USERS, String(sponsor));
    const change = { deliveryId: null, sponsorshipId: `S_${sponsor}`, createdAt: Date.now() - 40 * DAY, tierCents: 500, oneTime: false };
    await stub.billingSponsorship({ ...change, action: "created", deliveryId: "d1" });
    await stub.billingSponsorship({ ...change, action: "cancelled", deliveryId: "d2" });
    const report = await reconcileSponsors(env, options(fakeGraphql([{ id: `S_${sponsor}`, sponsorId: sponsor, createdAt: change.createdAt, cents: 500 }], { requests: 0 })));
    expect(report.credited).toBe(0);
    expect(await creditedOf(sponsor)).toBe(5_000_000);
  });

  it("skips malformed nodes and fails loudly when GitHub is down, crediting nothing", async () => {
    const broken: typeof fetch = async () => Response.json({ data: { viewer: { sponsorshipsAsMaintainer: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [null, { id: "S_x" }] } } } });
    expect(await reconcileSponsors(env, options(broken))).toEqual({ sponsorships: 0, credited: 0, skipped: 2 });
    const down: typeof fetch = async () => new Response("unavailable", { status: 503 });
    await expect(reconcileSponsors(env, options(down))).rejects.toMatchObject({ status: 502 });
    const denied: typeof fetch = async () => Response.json({ errors: [{ message: "Bad credentials" }] });
    await expect(reconcileSponsors(env, options(denied))).rejects.toMatchObject({ status: 502, message: "Bad credentials" });
  });

  it("counts monthly cycles by anniversaries, short months included", () => {
    const jan31 = Date.UTC(2026, 0, 31, 12);
    expect(cyclesBegun(jan31, jan31)).toBe(1);
    expect(cyclesBegun(jan31, Date.UTC(2026, 1, 28, 11))).toBe(1);
    expect(cyclesBegun(jan31, Date.UTC(2026, 1, 28, 12))).toBe(2);
    expect(cyclesBegun(jan31, Date.UTC(2026, 2, 31, 12))).toBe(3);
    expect(cyclesBegun(jan31, Date.UTC(2027, 0, 31, 12))).toBe(13);
    expect(cyclesBegun(jan31, jan31 - 1)).toBe(0);
  });
});
