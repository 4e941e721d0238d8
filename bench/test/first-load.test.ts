import { env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { call, post } from "./http.js";

describe("scenario 9: a new user's first request", () => {
  it("creates, migrates, funds and charges a new user object in one call; a bare object debits its new row", async () => {
    expect(await call("/first/userdo/n1")).toMatchObject({ status: 200, body: { result: 99 } });
    const stub = userStub(env.USERS, "first-n1");
    expect((await stub.migrationsApplied()).map((m) => m.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^auth\//), expect.stringMatching(/^billing\//)]),
    );
    expect((await stub.billingAudit()).rows.charges).toBe(1);
    expect(await call("/first/bare/n1")).toMatchObject({ status: 200, body: { result: 1 } });
  });

  it("applies the user class's schema to empty storage either way, the same migrations", async () => {
    const stepwise = await call("/first/schema/stepwise?n=2");
    const oneStep = await call("/first/schema/one-step?n=2");
    expect(stepwise.status).toBe(200);
    expect(oneStep.body.result).toBe(stepwise.body.result);
    expect(stepwise.body.result % 2).toBe(0); // every migration of the class, twice
    expect(stepwise.body.result).toBeGreaterThan(2 * 5);
  });

  it("refuses an unknown kind or a bad name", async () => {
    expect(await call("/first/other/x")).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect(await call("/first/userdo/a%20b")).toMatchObject({ status: 400, body: { code: "bad_name" } });
  });
});

describe("scenario 10: load on one object", () => {
  it("charges N times with C in flight, each key once; the bare object debits alike", async () => {
    expect(await call("/load/object?n=5&c=2&prefix=t")).toMatchObject({ status: 402 }); // nobody funded it yet
    await post("/charge/fund/load");
    expect(await call("/load/object?n=12&c=5&prefix=t")).toMatchObject({ status: 200, body: { result: 12 } });
    expect(await call("/load/object?n=12&c=5&prefix=t")).toMatchObject({ status: 200, body: { result: 12 } }); // replays
    expect((await userStub(env.USERS, "load").billingAudit()).rows.charges).toBe(12);
    const bare = await call("/load/bare?n=7&c=3&prefix=t");
    expect(bare).toMatchObject({ status: 200, body: { result: 7 } });
    expect(await call("/load/object?n=1&c=0&prefix=t")).toMatchObject({ status: 400, body: { code: "bad_param" } });
  });
});

describe("scenario 8: the parts of a this.db call", () => {
  it("runs every part for every operation with the same count", async () => {
    for (const op of ["insert", "update", "select"]) {
      for (const part of ["build", "shape-key", "compile", "execute", "full", "raw-one"]) {
        expect([op, part, await call(`/async/${part}/${op}?n=3`)]).toMatchObject([
          op,
          part,
          { status: 200, body: { result: 3 } },
        ]);
      }
    }
    for (const part of ["raw-two", "raw-returning"])
      expect(await call(`/async/${part}/update?n=3`)).toMatchObject({ status: 200, body: { result: 3 } });
    expect(await call("/async/nothing/select?n=1")).toMatchObject({ status: 404, body: { code: "not_found" } });
  });
});
