import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { masterShards } from "../src/index.js";

const todo = {
  name: "todo",
  columns: [
    { name: "id", type: "INTEGER" },
    { name: "title", type: "TEXT" },
  ],
};

async function masterWithTodo(name: string) {
  const master = env.MASTER_SHARDED.get(env.MASTER_SHARDED.idFromName(`direct-${name}`));
  await master.ingest({
    source: "u",
    epoch: 1,
    shards: 1,
    fromSeq: 0,
    toSeq: 1,
    tables: [todo],
    changes: [{ table: "todo", rowid: 1, values: [1, "a"] }],
  });
  return master;
}

const wide = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, i]));

describe("a master's read arguments", () => {
  it("answer a 400 bad_query naming the field and what it must be", async () => {
    const master = await masterWithTodo("bad-queries");
    const cases: [string, () => Promise<unknown>, string][] = [
      ["list limit", () => master.list("todo", { limit: 5000 }), "limit must be a whole number from 1 to 1000"],
      ["list limit 0", () => master.list("todo", { limit: 0 }), "limit must be a whole number from 1 to 1000"],
      ["fractional limit", () => master.list("todo", { limit: 1.5 }), "limit must be a whole number from 1 to 1000"],
      ["direction", () => master.list("todo", { direction: "up" as never }), "direction must be asc or desc"],
      ["orderBy type", () => master.list("todo", { orderBy: 5 as never }), "orderBy must be a column name"],
      ["orderBy unknown", () => master.list("todo", { orderBy: "id desc" }), 'unknown column "id desc"'],
      ["query type", () => master.list("todo", "all" as never), "the list query must be an object"],
      [
        "list where value",
        () => master.list("todo", { where: { title: { $ne: "a" } as never } }),
        "where.title must be a string, number or null",
      ],
      [
        "count where value",
        () => master.count("todo", { title: ["a"] as never }),
        "where.title must be a string, number or null",
      ],
      ["where array", () => master.count("todo", ["title"] as never), "where must be an object of column: value"],
      ["where string", () => master.count("todo", "title = 1" as never), "where must be an object of column: value"],
      ["too many columns", () => master.count("todo", wide), "where takes at most 50 columns"],
      ["where column", () => master.sum("todo", "id", { "title; DROP": 1 }), 'unknown column "title; DROP"'],
      ["sum column", () => master.sum("todo", "nope"), 'unknown column "nope"'],
      ["groupBy missing", () => master.sumBy("todo", "id", {} as never), "groupBy must be a column name"],
      [
        "groups limit",
        () => master.sumBy("todo", "id", { groupBy: "title", limit: 20_000 }),
        "limit must be a whole number from 1 to 10000",
      ],
      [
        "sources orderBy",
        () => master.sources({ orderBy: "name; DROP" as never }),
        "orderBy must be name, first_seen, last_seen or rows",
      ],
      ["sources direction", () => master.sources({ direction: 1 as never }), "direction must be asc or desc"],
      ["erasures limit", () => master.erasures(0), "limit must be a whole number from 1 to 1000"],
      ["erasures limit type", () => master.erasures("10" as never), "limit must be a whole number from 1 to 1000"],
    ];
    for (const [label, read, message] of cases) {
      const error = await read().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, label).toMatchObject({ status: 400, code: "bad_query", message });
    }
  });

  it("take their defaults and answer as before when valid", async () => {
    const master = await masterWithTodo("good-queries");
    expect(await master.list("todo")).toMatchObject([{ _source: "u", _rowid: 1, title: "a" }]);
    expect(
      await master.list("todo", { where: { title: "a" }, orderBy: "id", direction: "desc", limit: 1 }),
    ).toHaveLength(1);
    expect(await master.count("todo", { title: null })).toBe(0);
    expect(await master.sumBy("todo", "id", { groupBy: "title" })).toEqual([{ key: "a", sum: 1, count: 1 }]);
    expect(await master.sources({ orderBy: "rows", direction: "desc" })).toMatchObject([{ name: "u", rows: 1 }]);
    expect(await master.erasures()).toEqual([]);
    expect(await master.erasures(1_000)).toEqual([]);
  });

  it("are checked by masterShards before it merges, whichever column groups", async () => {
    const master = masterShards(env.MASTER_SHARDED, 1);
    // Grouped by another column than _source, each shard is asked for every group:
    // the merge's own limit must be checked here.
    await expect(master.sumBy("todo", "id", { groupBy: "title", limit: 0 })).rejects.toMatchObject({
      status: 400,
      code: "bad_query",
      message: "limit must be a whole number from 1 to 10000",
    });
    await expect(master.list("todo", { direction: "sideways" as never })).rejects.toMatchObject({
      status: 400,
      message: "direction must be asc or desc",
    });
  });
});
