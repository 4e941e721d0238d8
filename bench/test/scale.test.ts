import { env } from "cloudflare:test";
import { userStub } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { call, post } from "./http.js";

describe("scenario 7: many users", () => {
  it("wakes a range of user objects, each migrated with auth and billing", async () => {
    expect(await post("/scale/touch?from=0&count=20")).toMatchObject({ status: 200, body: { result: 20 } });
    expect(await call("/scale/user/19")).toMatchObject({ status: 200, body: { result: 0 } });
    const applied = await userStub(env.USERS, "s-7").migrationsApplied();
    expect(applied.map((m) => m.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^auth\//), expect.stringMatching(/^billing\//)]),
    );
  });

  it("wakes bare objects beside them, each with its one funded row", async () => {
    expect(await post("/scale/touch?from=0&count=5&kind=bare")).toMatchObject({ status: 200, body: { result: 5 } });
    expect(await call("/scale/user/4?kind=bare")).toMatchObject({ status: 200, body: { result: 1_000_000_000 } });
    expect(await call("/scale/user/4?kind=other")).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("refuses ranges past the limits", async () => {
    expect(await post("/scale/touch?from=0&count=201")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await post("/scale/touch?from=99999&count=2")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await call("/scale/user/-1")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await call("/scale/touch?from=0&count=1")).toMatchObject({ status: 405 });
  });
});
