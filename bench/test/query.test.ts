import { describe, expect, it } from "vitest";
import { call } from "./http.js";

const CONTENDERS = ["raw", "userdo-sync", "userdo-async", "drizzle", "kysely-do"];

async function everyContender(op: string, n: number): Promise<number[]> {
  const answers = await Promise.all(CONTENDERS.map((c) => call(`/query/${c}/${op}?n=${n}`)));
  for (const answer of answers) expect(answer.status).toBe(200);
  return answers.map((a) => a.body.result);
}

describe("scenario 1: every contender does the same SQL work", () => {
  it("reads the same rows, writes the same rows and counts them alike", async () => {
    const before = await everyContender("select", 1500);
    expect(new Set(before).size).toBe(1);
    expect(before[0]).toBe((1000 * 1001) / 2 + (500 * 501) / 2); // ids 1..1000 then 1..500, value = id
    expect(await everyContender("insert", 40)).toEqual(CONTENDERS.map(() => 40));
    expect(await everyContender("update", 30)).toEqual(CONTENDERS.map(() => 30));
    const after = await everyContender("select", 1000);
    expect(new Set(after).size).toBe(1);
    expect(after[0]).toBe((1000 * 1001) / 2 + 30); // each of ids 1..30 went up by one
  });

  it("answers 0 for n=0: the call alone, nothing run", async () => {
    expect(await everyContender("update", 0)).toEqual(CONTENDERS.map(() => 0));
  });

  it("refuses unknown contenders and ops with 404, bad counts with 400, as JSON", async () => {
    expect(await call("/query/sqlite/select?n=1")).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect(await call("/query/raw/drop?n=1")).toMatchObject({ status: 404, body: { code: "not_found" } });
    for (const n of ["-1", "1.5", "abc", "", "100001"]) {
      expect(await call(`/query/raw/select?n=${n}`)).toMatchObject({
        status: 400,
        body: { code: "bad_param", error: expect.stringContaining("n must be") },
      });
    }
    expect(await call("/query/raw/select")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await call("/nowhere")).toMatchObject({ status: 404, body: { code: "not_found" } });
  });
});

describe("scenario 2: wake", () => {
  it("answers a ping after a reset, for the bare object and the UserDO with 50 migrations", async () => {
    for (const kind of ["bare", "userdo"]) {
      expect(await call(`/wake/${kind}/w/ping`)).toMatchObject({ status: 200, body: { result: 1 } });
      expect(await call(`/wake/${kind}/w/abort`)).toMatchObject({ status: 200, body: { result: 0 } });
      expect(await call(`/wake/${kind}/w/ping`)).toMatchObject({ status: 200, body: { result: 1 } });
    }
  });

  it("refuses a bad name or action", async () => {
    expect(await call("/wake/bare/a%20b/ping")).toMatchObject({ status: 400, body: { code: "bad_name" } });
    expect(await call("/wake/bare/w/explode")).toMatchObject({ status: 404, body: { code: "not_found" } });
  });
});

describe("scenario 1: statements and shapes", () => {
  it("sends one statement per operation for every contender, this.db's writes included", async () => {
    for (const op of ["select", "insert", "update"]) {
      const counts = await Promise.all(CONTENDERS.map((c) => call(`/query/${c}/${op}/statements?n=20`)));
      expect(Object.fromEntries(CONTENDERS.map((c, i) => [c, counts[i]!.body.result]))).toEqual(
        Object.fromEntries(CONTENDERS.map((c) => [c, 20])),
      );
    }
  });

  it("answers an insert's id and counts as Kysely's results: this.db exact, kysely-do without insertId", async () => {
    const { status, body } = await call("/query/shapes");
    expect(status).toBe(200);
    const ours = body.result["userdo-async"];
    expect(ours.stored).toHaveLength(1);
    expect(ours).toEqual({
      inserted: { insertId: `${ours.stored[0]}n`, numInsertedOrUpdatedRows: "1n" },
      updated: { numUpdatedRows: "1n" },
      row: { id: ours.stored[0], name: "shaped", value: 8 },
      stored: ours.stored,
    });
    const peer = body.result["kysely-do"];
    expect(peer.inserted.insertId).toBeUndefined();
    expect(peer.inserted.numInsertedOrUpdatedRows).toBe("1n");
    expect(peer.row).toEqual({ id: peer.stored[0], name: "shaped", value: 8 });
  });
});
