import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { STUDIO_SELECT } from "../src/studio/studio-rows-do.js";
import { call, post } from "./http.js";

const studioQuery = (token: string, body: unknown) =>
  post("/sqlite/ROWS/s1/query/raw", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("scenario 6: the studio and the raw SELECT answer the same rows", () => {
  it("1,000 rows, same columns, same values", async () => {
    const raw = await call("/studio-raw/s1");
    const studio = await studioQuery(env.STUDIO_TOKEN, { sql: STUDIO_SELECT });
    expect(raw.status).toBe(200);
    expect(studio.status).toBe(200);
    expect(raw.body.result.rows).toHaveLength(1000);
    expect(studio.body.result.columns).toEqual(raw.body.result.columns);
    expect(studio.body.result.rows).toEqual(raw.body.result.rows);
    expect(studio.body.result.meta).toMatchObject({ rows_written: 0 });
  });

  it("keeps the studio closed without the run's token", async () => {
    expect(await studioQuery("wrong", { sql: STUDIO_SELECT })).toMatchObject({
      status: 401,
      body: { code: "unauthorized" },
    });
    expect(await post("/sqlite/ROWS/s1/query/raw", { body: "{}" })).toMatchObject({ status: 401 });
  });

  it("refuses bad names and methods on the raw route", async () => {
    expect(await call("/studio-raw/a%2Fb")).toMatchObject({ status: 400, body: { code: "bad_name" } });
    expect(await post("/studio-raw/s1")).toMatchObject({ status: 405 });
  });
});
