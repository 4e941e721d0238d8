import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { type ReplicationBatch, userStub } from "../src/index.js";
import { d1Sink } from "../src/replication/d1/index.js";
import { until } from "./replication-helpers.js";

const todo = {
  name: "todo",
  columns: [
    { name: "id", type: "INTEGER" },
    { name: "title", type: "TEXT" },
    { name: "done", type: "INTEGER" },
    { name: "amount", type: "INTEGER" },
  ],
};

function batch(
  source: string,
  fromSeq: number,
  toSeq: number,
  changes: ReplicationBatch["changes"],
  epoch = 1,
): ReplicationBatch {
  return { source, epoch, shards: 1, fromSeq, toSeq, tables: [todo], changes };
}

async function d1Todos(source: string) {
  const { results } = await env.REPLICA_D1.prepare(
    "SELECT id, title, done, amount FROM todo WHERE _source = ? ORDER BY id",
  )
    .bind(source)
    .all();
  return results;
}

async function registry(source: string) {
  return env.REPLICA_D1.prepare("SELECT name, seq, rows FROM _userdo_master_sources WHERE name = ?")
    .bind(source)
    .first();
}

describe("D1 as the replication sink", () => {
  it("receives a user's rows, updates and deletes, secrets left out", async () => {
    const name = "d1-user";
    const stub = userStub(env.D1_TODO, name);
    const a = await stub.add("a", 5);
    await stub.add("b", 6);
    await stub.setDone(a.id, 1);
    const c = await stub.add("c", 7);
    await stub.remove(c.id);
    await stub.setAccount("team", "tok_secret");
    await vi.waitFor(async () => {
      expect(await stub.outboxSize()).toBe(0);
      expect(await d1Todos(name)).toEqual(await stub.todos());
    }, until);
    expect(await registry(name)).toMatchObject({ name, rows: 3 });
    const account = await env.REPLICA_D1.prepare("SELECT * FROM account WHERE _source = ?").bind(name).first();
    expect(account).toEqual({ _source: name, _rowid: 1, id: 1, plan: "team" });
  });

  it("is idempotent on (source, sequence): replays and stale copies change nothing", async () => {
    const sink = d1Sink(env.REPLICA_D1);
    const first = batch("d1-direct", 0, 2, [
      { table: "todo", rowid: 1, values: [1, "x", 0, 1] },
      { table: "todo", rowid: 2, values: [2, "y", 0, 2] },
    ]);
    expect(await sink.ingest(first)).toEqual({ ack: 2, applied: 2, duplicate: false });
    expect(await sink.ingest(first)).toEqual({ ack: 2, applied: 0, duplicate: true });
    await sink.ingest(
      batch("d1-direct", 2, 4, [
        { table: "todo", rowid: 1, values: [1, "x2", 1, 1] },
        { table: "todo", rowid: 2, values: null },
      ]),
    );
    expect(
      await sink.ingest(batch("d1-direct", 0, 3, [{ table: "todo", rowid: 2, values: [2, "stale", 0, 2] }])),
    ).toMatchObject({ duplicate: true });
    expect(await d1Todos("d1-direct")).toEqual([{ id: 1, title: "x2", done: 1, amount: 1 }]);
    expect(await registry("d1-direct")).toEqual({ name: "d1-direct", seq: 4, rows: 1 });
    expect(await sink.ingest(batch("d1-direct", 9, 12, []))).toMatchObject({ resync: true, ack: 4 });
  });

  it("replaces a source's rows on a newer epoch and validates batches like a master", async () => {
    const sink = d1Sink(env.REPLICA_D1);
    await sink.ingest(batch("d1-epoch", 0, 5, [{ table: "todo", rowid: 1, values: [1, "old", 0, 0] }]));
    await sink.ingest(batch("d1-epoch", 0, 1, [{ table: "todo", rowid: 3, values: [3, "new", 0, 0] }], 2));
    expect((await d1Todos("d1-epoch")).map((r) => r.title)).toEqual(["new"]);
    await expect(
      sink.ingest(batch("d1-epoch", 0, 9, [{ table: "todo", rowid: 1, values: [1] }], 2)),
    ).rejects.toMatchObject({ status: 400, code: "bad_batch" });
    await expect(
      sink.ingest({ ...batch("d1-epoch", 1, 9, [], 2), tables: [{ ...todo, name: "_userdo_master_sources" }] }),
    ).rejects.toMatchObject({
      code: "bad_batch",
    });
    expect(await registry("d1-epoch")).toMatchObject({ seq: 1, rows: 1 });
  });
});
