import { SELF, env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it, vi } from "vitest";
import { cyclesBegun, reconcileSponsors } from "../src/index.js";
import { type FakeSponsorship, fakeGitHubSponsors } from "@userdo/test-utils/fakes";
import { scheduledGithub } from "./scheduled-github.js";
import { newUserId } from "./helpers.js";
import { githubSignature } from "@userdo/test-utils/signatures";

const DAY = 86_400_000;
const options = (fetch: typeof globalThis.fetch) => ({
  users: (e: Cloudflare.Env) => e.USERS,
  token: (e: Cloudflare.Env) => e.GITHUB_SPONSORS_TOKEN,
  fetch,
});
const creditedOf = async (sponsorId: number) =>
  (await userStub(env.USERS, String(sponsorId)).billingAudit()).account.credited;

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
      headers: {
        "x-github-event": "sponsorship",
        "x-github-delivery": `d-${webhooked}`,
        "x-hub-signature-256": await githubSignature("test-github-webhook-secret", payload),
      },
      body: payload,
    });
    expect(await creditedOf(webhooked)).toBe(5_000_000);

    const github = fakeGitHubSponsors(sponsorships);
    const report = await reconcileSponsors(env, options(github.fetch));
    expect(github.requests).toBe(2);
    expect(report).toEqual({ sponsorships: 3, skipped: 0, credited: 2 * 5_000_000 + 3 * 10_000_000 + 25_000_000 });
    expect(await creditedOf(webhooked)).toBe(15_000_000);
    expect(await creditedOf(missed)).toBe(30_000_000);
    expect(await creditedOf(once)).toBe(25_000_000);

    // Again: everything was credited already.
    expect(await reconcileSponsors(env, options(fakeGitHubSponsors(sponsorships).fetch))).toMatchObject({
      credited: 0,
      sponsorships: 3,
    });
  });

  it("does not credit a sponsorship the webhook reported cancelled", async () => {
    const sponsor = Number(newUserId());
    const stub = userStub(env.USERS, String(sponsor));
    const change = {
      deliveryId: null,
      sponsorshipId: `S_${sponsor}`,
      createdAt: Date.now() - 40 * DAY,
      tierCents: 500,
      oneTime: false,
    };
    await stub.billingSponsorship({ ...change, action: "created", deliveryId: "d1" });
    await stub.billingSponsorship({ ...change, action: "cancelled", deliveryId: "d2" });
    const report = await reconcileSponsors(
      env,
      options(
        fakeGitHubSponsors([{ id: `S_${sponsor}`, sponsorId: sponsor, createdAt: change.createdAt, cents: 500 }]).fetch,
      ),
    );
    expect(report.credited).toBe(0);
    expect(await creditedOf(sponsor)).toBe(5_000_000);
  });

  it("skips malformed nodes and fails loudly when GitHub is down, crediting nothing", async () => {
    const broken: typeof fetch = async () =>
      Response.json({
        data: {
          viewer: {
            sponsorshipsAsMaintainer: {
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: [null, { id: "S_x" }],
            },
          },
        },
      });
    expect(await reconcileSponsors(env, options(broken))).toEqual({ sponsorships: 0, credited: 0, skipped: 2 });
    const down: typeof fetch = async () => new Response("unavailable", { status: 503 });
    await expect(reconcileSponsors(env, options(down))).rejects.toMatchObject({ status: 502 });
    const denied: typeof fetch = async () => Response.json({ errors: [{ message: "Bad credentials" }] });
    await expect(reconcileSponsors(env, options(denied))).rejects.toMatchObject({
      status: 502,
      message: "Bad credentials",
    });
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

describe("reconciliation on the object's scheduler", () => {
  it("runs as a plugin task, credits what was missed, and keeps one schedule however often it is asked", async () => {
    const sponsor = Number(newUserId());
    scheduledGithub.sponsorships = [
      { id: `S_${sponsor}`, sponsorId: sponsor, createdAt: Date.now() - 10 * DAY, cents: 300 },
    ];
    const reconciler = userStub(env.RECONCILER, "billing");
    const first = await reconciler.billingScheduleReconciliation(0);
    expect(await reconciler.billingScheduleReconciliation(0)).toEqual(first);
    // The platform's own alarm runs the task.
    await vi.waitFor(async () => expect(await creditedOf(sponsor)).toBe(3_000_000), { timeout: 20_000, interval: 25 });
    const log = await reconciler.readLog({ level: "info" });
    expect(log.find((e) => e.message === "billing: sponsors reconciled")?.data).toMatchObject({
      sponsorships: 1,
      credited: 3_000_000,
    });
  });

  it("keeps a failed run for a retry with backoff, never dropping it silently", async () => {
    scheduledGithub.failNext = 1;
    const reconciler = userStub(env.RECONCILER, "billing-retry");
    await reconciler.billingScheduleReconciliation({ cron: "17 3 * * *" });
    const [scheduled] = await reconciler.listTasks({ task: "reconcileSponsors" });
    expect(scheduled).toMatchObject({ owner: "billing", state: "pending", cron: "17 3 * * *" });
    const once = userStub(env.RECONCILER, "billing-once");
    await once.billingScheduleReconciliation(0);
    await vi.waitFor(
      async () => {
        const [task] = await once.listTasks({ task: "reconcileSponsors" });
        expect(task).toMatchObject({ state: "pending", attempts: 1, lastError: expect.stringMatching(/503/) });
      },
      { timeout: 20_000, interval: 25 },
    );
  });

  it("refuses to schedule without the reconcile option", async () => {
    await expect(userStub(env.USERS, newUserId()).billingScheduleReconciliation()).rejects.toMatchObject({
      status: 500,
      code: "reconcile_off",
    });
  });
});
