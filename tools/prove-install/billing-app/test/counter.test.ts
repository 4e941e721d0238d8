import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("billing on a Durable Object the app already had", () => {
  it("charges each increment in the same transaction as the work", async () => {
    const counter = env.COUNTERS.getByName("alice");
    expect(await counter.topUp("payment-1", 250)).toMatchObject({ credited: true, balance: 250 });
    expect(await counter.increment("inc-1")).toEqual({ ok: true, value: 1, balance: 150 });
    expect(await counter.increment("inc-2")).toEqual({ ok: true, value: 2, balance: 50 });
  });

  it("refuses an increment the balance does not cover and leaves the counter as it was", async () => {
    const counter = env.COUNTERS.getByName("bob");
    await counter.topUp("payment-2", 150);
    expect(await counter.increment("inc-1")).toEqual({ ok: true, value: 1, balance: 50 });
    const refused = await counter.increment("inc-2");
    expect(refused).toMatchObject({ ok: false, balance: 50 });
    expect(await counter.value()).toBe(1);
  });

  it("a replayed key neither charges nor counts again", async () => {
    const counter = env.COUNTERS.getByName("carol");
    await counter.topUp("payment-3", 500);
    expect(await counter.increment("same-key")).toEqual({ ok: true, value: 1, balance: 400 });
    expect(await counter.increment("same-key")).toEqual({ ok: true, value: 1, balance: 400 });
    expect(await counter.topUp("payment-3", 500)).toMatchObject({ credited: false, balance: 400 });
  });

  it("the Worker answers a request without a user with a 400", async () => {
    const response = await SELF.fetch("https://app.example/");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "name a user: ?user=<id>", code: "bad_request" });
  });
});
