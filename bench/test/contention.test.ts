import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { D1Ledger } from "../src/contention/d1-ledger.js";
import { call, post } from "./http.js";

describe("scenario 4: one charge in each design", () => {
  it("opens funded accounts in every design, idempotently", async () => {
    expect(await post("/contention/setup?users=3")).toMatchObject({
      status: 200,
      body: { result: { users: 3, global: 3, d1: 3 } },
    });
    expect(await post("/contention/setup?users=3")).toMatchObject({
      status: 200,
      body: { result: { users: 3, global: 0, d1: 0 } },
    });
  });

  it("charges once per key in each design; a replayed key charges nothing", async () => {
    await post("/contention/setup?users=2");
    for (const design of ["per-user", "global", "d1"]) {
      expect(await post(`/contention/${design}/1?key=k-${design}`)).toMatchObject({
        status: 200,
        body: { result: true },
      });
      expect(await post(`/contention/${design}/1?key=k-${design}`)).toMatchObject({
        status: 200,
        body: { result: false },
      });
    }
  });

  it("refuses bad designs, users and keys, and GETs", async () => {
    expect(await post("/contention/sharded/1?key=k")).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect(await post("/contention/global/1000?key=k")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await post("/contention/global/x?key=k")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await post("/contention/global/1")).toMatchObject({ status: 400, body: { code: "bad_name" } });
    expect(await call("/contention/global/1?key=k")).toMatchObject({ status: 405 });
    expect(await post("/contention/setup?users=0")).toMatchObject({ status: 400, body: { code: "bad_param" } });
  });
});

describe("the central ledgers never overdraw", () => {
  it("global object: 20 concurrent charges against a balance of 10 charge exactly 10", async () => {
    const ledger = env.GLOBAL_LEDGER.get(env.GLOBAL_LEDGER.idFromName("overdraft"));
    await ledger.open("o-", 1, 10);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => ledger.charge("o-0", `k${i}`, 1)));
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === true)).toHaveLength(10);
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(refused).toHaveLength(10);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ status: 402, code: "insufficient_funds" });
    expect(await ledger.charge("o-0", "k0", 1)).toBe(false); // a replay of a charged key
    expect(await ledger.charge("nobody", "k99", 1)).toBe(false); // an unknown user is never charged
  });

  it("D1: 20 concurrent charges against a balance of 10 charge exactly 10", async () => {
    const ledger = new D1Ledger(env.CENTRAL);
    await ledger.open("d-", 1, 10);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => ledger.charge("d-0", `k${i}`, 1)));
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === true)).toHaveLength(10);
    expect(
      outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason.status),
    ).toEqual(Array(10).fill(402));
    const { results } = await env.CENTRAL.prepare(
      "SELECT balance, (SELECT count(*) FROM charges WHERE user = 'd-0') AS charges FROM accounts WHERE user = 'd-0'",
    ).all();
    expect(results).toEqual([{ balance: 0, charges: 10 }]);
  });
});
