import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type MasterDO, type ReplicationBatch, shardName, shardOf } from "../src/index.js";

const todo = {
  name: "todo",
  columns: [
    { name: "id", type: "INTEGER" },
    { name: "title", type: "TEXT" },
  ],
};

function batch(
  source: string,
  fromSeq: number,
  toSeq: number,
  changes: ReplicationBatch["changes"],
  extra: Partial<ReplicationBatch> = {},
): ReplicationBatch {
  return { source, epoch: 1, shards: 1, fromSeq, toSeq, tables: [todo], changes, ...extra };
}

// A master reached by a name that is not a shard name: the shard check does not apply.
const direct = (name: string) => env.MASTER_SHARDED.get(env.MASTER_SHARDED.idFromName(`direct-${name}`));

async function titles(master: DurableObjectStub<MasterDO>, source: string) {
  return (await master.list("todo", { where: { _source: source }, orderBy: "id" })).map((r) => r.title);
}

describe("MasterDO.ingest", () => {
  it("applies a batch once: a replay, or an older batch after a newer one, changes nothing", async () => {
    const master = direct("replay");
    const first = batch("u", 0, 2, [
      { table: "todo", rowid: 1, values: [1, "a"] },
      { table: "todo", rowid: 2, values: [2, "b"] },
    ]);
    expect(await master.ingest(first)).toEqual({ ack: 2, applied: 2, duplicate: false });
    expect(await master.ingest(first)).toEqual({ ack: 2, applied: 0, duplicate: true });
    const second = batch("u", 2, 5, [
      { table: "todo", rowid: 1, values: [1, "a2"] },
      { table: "todo", rowid: 2, values: null },
    ]);
    expect(await master.ingest(second)).toMatchObject({ ack: 5, applied: 2 });
    // A stale copy of an earlier batch arrives late: ignored, the newer state stays.
    expect(await master.ingest(batch("u", 0, 3, [{ table: "todo", rowid: 2, values: [2, "stale"] }]))).toMatchObject({
      duplicate: true,
      ack: 5,
    });
    expect(await titles(master, "u")).toEqual(["a2"]);
    expect(await master.sources()).toMatchObject([{ name: "u", rows: 1 }]);
  });

  it("asks for a resync when a source is ahead of what the master holds", async () => {
    const master = direct("resync");
    expect(await master.ingest(batch("u", 7, 9, []))).toEqual({ ack: 0, applied: 0, duplicate: false, resync: true });
    expect(await master.sources()).toEqual([]);
  });

  it("replaces everything of a source that comes back with a newer epoch, and ignores the older one after", async () => {
    const master = direct("epoch");
    await master.ingest(batch("u", 0, 9, [{ table: "todo", rowid: 1, values: [1, "old life"] }]));
    await master.ingest(batch("v", 0, 1, [{ table: "todo", rowid: 1, values: [1, "other user"] }]));
    expect(
      await master.ingest(batch("u", 0, 1, [{ table: "todo", rowid: 5, values: [5, "new life"] }], { epoch: 2 })),
    ).toMatchObject({ applied: 1 });
    expect(await titles(master, "u")).toEqual(["new life"]);
    expect(await titles(master, "v")).toEqual(["other user"]);
    expect(await master.ingest(batch("u", 0, 10, [{ table: "todo", rowid: 1, values: [1, "zombie"] }]))).toMatchObject({
      duplicate: true,
    });
    expect(await titles(master, "u")).toEqual(["new life"]);
  });

  it("adds columns a newer source schema brings; older rows read null there", async () => {
    const master = direct("columns");
    await master.ingest(batch("u", 0, 1, [{ table: "todo", rowid: 1, values: [1, "a"] }]));
    const wider = { name: "todo", columns: [...todo.columns, { name: "due", type: "INTEGER" }] };
    await master.ingest(batch("u", 1, 2, [{ table: "todo", rowid: 2, values: [2, "b", 99] }], { tables: [wider] }));
    expect((await master.replicatedTables()).todo).toEqual(["id", "title", "due"]);
    expect((await master.list("todo", { orderBy: "id" })).map((r) => r.due)).toEqual([null, 99]);
  });

  it("keeps BLOBs and integers exact", async () => {
    const master = direct("types");
    const bytes = new Uint8Array([0, 1, 254, 255]).buffer;
    const table = {
      name: "files",
      columns: [
        { name: "body", type: "BLOB" },
        { name: "size", type: "INTEGER" },
      ],
    };
    await master.ingest(
      batch("u", 0, 1, [{ table: "files", rowid: 1, values: [bytes, 9007199254740991] }], { tables: [table] }),
    );
    const [row] = await master.list("files");
    expect(new Uint8Array(row!.body as ArrayBuffer)).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(row!.size).toBe(9007199254740991);
  });

  it("checks that a batch reached the shard of its source", async () => {
    const source = "shard-check";
    const wrong = (shardOf(source, 3) + 1) % 3;
    const master = env.MASTER_SHARDED.get(env.MASTER_SHARDED.idFromName(shardName(wrong)));
    await expect(master.ingest(batch(source, 0, 1, [], { shards: 3 }))).rejects.toMatchObject({
      status: 400,
      code: "wrong_shard",
    });
    const right = env.MASTER_SHARDED.get(env.MASTER_SHARDED.idFromName(shardName(shardOf(source, 3))));
    expect(await right.ingest(batch(source, 0, 1, [], { shards: 3 }))).toMatchObject({ ack: 1 });
  });

  const cases: [string, unknown][] = [
    ["not an object", "batch"],
    ["an empty source", { ...batch("u", 0, 1, []), source: "" }],
    ["toSeq before fromSeq", batch("u", 5, 1, [])],
    ["a fractional sequence", batch("u", 0, 1.5, [])],
    ["zero shards", batch("u", 0, 1, [], { shards: 0 })],
    ["a platform table", batch("u", 0, 1, [], { tables: [{ ...todo, name: "_cf_KV" }] })],
    ["an sqlite table", batch("u", 0, 1, [], { tables: [{ ...todo, name: "sqlite_master" }] })],
    ["a quoted table name", batch("u", 0, 1, [], { tables: [{ ...todo, name: 'x"; DROP TABLE y; --' }] })],
    [
      "a reserved column",
      batch("u", 0, 1, [], { tables: [{ name: "t", columns: [{ name: "_source", type: "TEXT" }] }] }),
    ],
    [
      "a column type with SQL in it",
      batch("u", 0, 1, [], { tables: [{ name: "t", columns: [{ name: "a", type: "TEXT); DROP TABLE x; --" }] }] }),
    ],
    ...[
      "TEXT, CHECK (0)",
      "TEXT, b INTEGER",
      "TEXT)",
      "TEXT NOT NULL",
      "TEXT UNIQUE",
      "INTEGER PRIMARY KEY",
      "TEXT DEFAULT x",
      "TEXT COLLATE nocase",
      "TEXT REFERENCES todo",
      "TEXT CONSTRAINT c",
      "INTEGER AS (1)",
      "VARCHAR(1, 2, 3)",
      "VARCHAR(x)",
      "TEXT -- comment",
      "'TEXT'",
      "TEXT\nCHECK (0)",
      "T".repeat(65),
    ].map((type): [string, unknown] => [
      `the column type ${JSON.stringify(type)}`,
      batch("u", 0, 1, [], { tables: [{ name: "t", columns: [{ name: "a", type }] }] }),
    ]),
    [
      "too many columns",
      batch("u", 0, 1, [], {
        tables: [{ name: "t", columns: Array.from({ length: 99 }, (_, i) => ({ name: `c${i}`, type: "" })) }],
      }),
    ],
    ["a change for an undescribed table", batch("u", 0, 1, [{ table: "other", rowid: 1, values: [1] }])],
    ["a row with too few values", batch("u", 0, 1, [{ table: "todo", rowid: 1, values: [1] }])],
    ["an object value", batch("u", 0, 1, [{ table: "todo", rowid: 1, values: [1, { evil: true }] }] as never)],
    ["a fractional rowid", batch("u", 0, 1, [{ table: "todo", rowid: 1.5, values: [1, "a"] }])],
  ];

  it.each(cases)("refuses %s with a 400 and writes nothing", async (_what, input) => {
    const master = direct("bad");
    await expect(master.ingest(input as ReplicationBatch)).rejects.toMatchObject({ status: 400, code: "bad_batch" });
    expect(await master.sources()).toEqual([]);
    expect(await master.replicatedTables()).toEqual({});
  });

  it("declares the plain types SQLite's grammar allows, as the source declared them", async () => {
    const master = direct("plain-types");
    const types = [
      "",
      "INTEGER",
      "VARCHAR(255)",
      "DECIMAL(10, 2)",
      "UNSIGNED BIG INT",
      "NUMERIC(-1)",
      "varchar ( 20 )",
    ];
    const table = { name: "typed", columns: types.map((type, i) => ({ name: `c${i}`, type })) };
    const values = types.map((_, i) => i);
    expect(
      await master.ingest(batch("typed", 0, 1, [{ table: "typed", rowid: 1, values }], { tables: [table] })),
    ).toMatchObject({ ack: 1 });
    const declared = await runInDurableObject(master, (_, state) =>
      state.storage.sql
        .exec<{ type: string }>("SELECT type FROM pragma_table_info('typed') WHERE name LIKE 'c%'")
        .toArray(),
    );
    expect(declared.map((c) => c.type)).toEqual(types);
  });

  it("refuses tables a master does not accept when it lists them", async () => {
    const master = env.MASTER_STRICT.get(env.MASTER_STRICT.idFromName("strict"));
    const other = { name: "orders", columns: [{ name: "id", type: "INTEGER" }] };
    await expect(master.ingest(batch("u", 0, 1, [], { tables: [todo, other] }))).rejects.toMatchObject({
      status: 400,
      code: "bad_batch",
    });
    expect(await master.ingest(batch("u", 0, 1, [{ table: "todo", rowid: 1, values: [1, "a"] }]))).toMatchObject({
      applied: 1,
    });
    expect(Object.keys(await master.replicatedTables())).toEqual(["todo"]);
  });

  it("refuses a table whose name the master already uses for itself, rolling back the whole batch", async () => {
    const master = direct("taken");
    const own = { name: "_userdo_master_sources", columns: [{ name: "name", type: "TEXT" }] };
    const input = batch("u", 0, 1, [{ table: "todo", rowid: 1, values: [1, "a"] }], { tables: [todo, own] });
    await expect(master.ingest(input)).rejects.toMatchObject({ status: 400, code: "bad_batch" });
    expect(await master.replicatedTables()).toEqual({});
    await runInDurableObject(master, (_instance, state) => {
      const tables = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_schema WHERE name = 'todo'")
        .toArray();
      expect(tables).toEqual([]);
    });
  });
});

describe("MasterDO reads", () => {
  it("answer 404 for an unknown table and 400 for unknown columns or bad limits", async () => {
    const master = direct("reads");
    await master.ingest(batch("u", 0, 1, [{ table: "todo", rowid: 1, values: [1, "a"] }]));
    await expect(master.count("nope")).rejects.toMatchObject({ status: 404, code: "unknown_table" });
    await expect(master.count("todo", { "title; DROP": 1 })).rejects.toMatchObject({ status: 400, code: "bad_query" });
    await expect(master.sum("todo", "nope")).rejects.toMatchObject({ status: 400 });
    await expect(master.list("todo", { limit: 5000 })).rejects.toMatchObject({ status: 400 });
    await expect(master.list("todo", { orderBy: "id desc" })).rejects.toMatchObject({ status: 400 });
    await expect(master.sources({ orderBy: "name; DROP" as never })).rejects.toMatchObject({ status: 400 });
    expect(await master.count("todo", { title: "a", _source: "u" })).toBe(1);
    expect(await master.count("todo", { title: null })).toBe(0);
  });
});
