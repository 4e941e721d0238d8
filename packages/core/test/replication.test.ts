import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { masterShards, shardOf, userStub } from "../src/index.js";
import { deployLateMigrations, deployLateReplication, repMigrations } from "./replication-fixtures.js";
import { expectConverged, masterFor, masterTodos, until } from "./replication-helpers.js";

describe("replication to a master", () => {
  it("copies inserts, updates and deletes made through this.db, each row tagged with its source", async () => {
    const name = "rep-basic";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    const a = await stub.add("milk", 250);
    const b = await stub.add("bread", 120);
    await stub.add("eggs", 300);
    await stub.setDone(a.id, 1);
    await stub.remove(b.id);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    const rows = await master.list("todo", { where: { _source: name } });
    expect(rows.map((r) => [r._source, r._rowid, r.title])).toEqual([
      [name, 1, "milk"],
      [name, 3, "eggs"],
    ]);
    const [registry] = (await master.sources()).filter((s) => s.name === name);
    expect(registry).toMatchObject({ name, rows: 2 });
    expect(registry!.firstSeen).toBeLessThanOrEqual(registry!.lastSeen);
  });

  it("captures writes in a transactionSync and through this.sync; a rolled-back one leaves no trace", async () => {
    const name = "rep-sync";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.addMany(["a", "b", "c"]);
    await expect(stub.raw("INSERT INTO todo (title) VALUES (NULL)")).rejects.toThrow(/NOT NULL/);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect((await masterTodos(master, name)).map((t) => t.title)).toEqual(["a", "b", "c"]);
  });

  it("captures raw SQL on ctx.storage.sql in the same transaction, delivered by the next flush or wake", async () => {
    const name = "rep-raw";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.raw("INSERT INTO todo (title, amount) VALUES ('raw', 7)");
    // Captured at once: the row is in the outbox before any flush.
    expect(await stub.outboxSize()).toBe(1);
    await evictDurableObject(stub);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect(await masterTodos(master, name)).toEqual([{ id: 1, title: "raw", done: 0, amount: 7 }]);
  });

  it("sends a burst of writes as one flush", async () => {
    const name = "rep-burst";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.apply(
      Array.from({ length: 40 }, (_, i) => ({
        op: "insert" as const,
        title: `t${i}`,
        amount: i,
        via: i % 2 ? ("db" as const) : ("sync" as const),
      })),
    );
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect(await master.calls(name)).toBe(1);
  });

  it("never sends secret columns: only the allow-listed columns of a table with secrets", async () => {
    const name = "rep-secret";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.setAccount("pro", "tok_live_SECRET");
    await stub.addNote("a private note");
    await vi.waitFor(
      async () => expect(await master.list("account", { where: { _source: name } })).toHaveLength(1),
      until,
    );
    const [account] = await master.list("account", { where: { _source: name } });
    expect(account).toEqual({ _source: name, _rowid: 1, id: 1, plan: "pro" });
    expect((await master.replicatedTables()).account).toEqual(["id", "plan"]);
    expect(Object.keys(await master.replicatedTables())).not.toContain("notes");
    // Changing only the secret is not even captured.
    await stub.rotateToken("tok_live_OTHER");
    expect(await stub.outboxSize()).toBe(0);
  });

  it("replicates INSERT OR REPLACE on a text key as one row (recursive triggers capture the delete)", async () => {
    const name = "rep-replace";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.tag("urgent", 1);
    await stub.tag("urgent", 2);
    await stub.tag("later", 5);
    await vi.waitFor(async () => {
      expect(await stub.outboxSize()).toBe(0);
      const tags = await master.list("tags", { where: { _source: name }, orderBy: "name" });
      expect(tags.map((t) => [t.name, t.n])).toEqual([
        ["later", 5],
        ["urgent", 2],
      ]);
    }, until);
  });
});

describe("enabling, changing and removing replication", () => {
  it("backfills an object that already had rows, and stops capturing when the class no longer replicates", async () => {
    const name = "late-backfill";
    deployLateReplication(undefined);
    const stub = userStub(env.LATE_TODO, name);
    await stub.add("before-1");
    await stub.add("before-2");
    expect(await stub.triggers()).toEqual([]);
    expect(await stub.outboxSize()).toBe(0);

    deployLateReplication({ master: "MASTER", tables: [{ table: "todo" }], flushDelayMs: 5 });
    await evictDurableObject(stub);
    const master = masterFor(env.MASTER, name);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect((await masterTodos(master, name)).map((t) => t.title)).toEqual(["before-1", "before-2"]);
    await stub.add("after");
    await vi.waitFor(() => expectConverged(stub, master, name), until);

    deployLateReplication(undefined);
    await evictDurableObject(stub);
    expect(await stub.triggers()).toEqual([]);
    await stub.add("not replicated");
    expect(await stub.outboxSize()).toBe(0);
    expect(await masterTodos(master, name)).toHaveLength(3);
  });

  it("re-sends every row when a migration adds a column, and the master grows the column", async () => {
    const name = "late-new-column";
    deployLateReplication({ master: "MASTER", tables: [{ table: "todo" }], flushDelayMs: 5 });
    const stub = userStub(env.LATE_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.add("old row");
    await vi.waitFor(() => expectConverged(stub, master, name), until);

    deployLateMigrations([
      ...repMigrations,
      { name: "006_due", up: "ALTER TABLE todo ADD COLUMN due INTEGER NOT NULL DEFAULT 77" },
    ]);
    await evictDurableObject(stub);
    await vi.waitFor(async () => {
      expect(await stub.outboxSize()).toBe(0);
      const rows = await master.list("todo", { where: { _source: name } });
      expect(rows.map((r) => [r.title, r.due])).toEqual([["old row", 77]]);
    }, until);
    expect((await master.replicatedTables()).todo).toContain("due");
    deployLateMigrations(repMigrations);
    deployLateReplication(undefined);
  });

  it.each([
    [{ tables: [{ table: "account" }] }, /columns that look secret \(api_token\)/],
    [{ tables: [{ table: "kv" }] }, /WITHOUT ROWID/],
    [{ tables: [{ table: "nope" }] }, /table "nope" does not exist/],
    [{ tables: [{ table: "_userdo_tasks" }] }, /internal/],
    [{ tables: [{ table: "todo", columns: ["title", "missing"] }] }, /no column "missing"/],
    [{ tables: [{ table: "todo" }, { table: "todo" }] }, /listed twice/],
  ])("refuses a bad configuration loudly: %j", async (config, message) => {
    deployLateReplication({ master: "MASTER", ...config });
    const stub = userStub(env.LATE_TODO, `late-bad-${JSON.stringify(config)}`);
    await expect(stub.todos()).rejects.toThrow(message);
    deployLateReplication(undefined);
  });

  it("refuses secrets named in camelCase too, and takes an allow-list of the safe columns", async () => {
    deployLateMigrations([
      ...repMigrations,
      {
        name: "006_creds",
        up: "CREATE TABLE creds (id INTEGER PRIMARY KEY, accessToken TEXT, passwordHash TEXT, apiKey TEXT, clientSecret TEXT, tokenCount INTEGER)",
      },
    ]);
    deployLateReplication({ master: "MASTER", tables: [{ table: "creds" }] });
    await expect(userStub(env.LATE_TODO, "late-camel-secrets").todos()).rejects.toThrow(
      /columns that look secret \(accessToken, passwordHash, apiKey, clientSecret\)/,
    );
    deployLateReplication({ master: "MASTER", tables: [{ table: "creds", columns: ["id", "tokenCount"] }] });
    expect(await userStub(env.LATE_TODO, "late-camel-allowed").todos()).toEqual([]);
    deployLateMigrations(repMigrations);
    deployLateReplication(undefined);
  });

  it("refuses, at the source, a declared type that no master can declare", async () => {
    deployLateMigrations([
      ...repMigrations,
      { name: "006_odd", up: `CREATE TABLE odd (id INTEGER PRIMARY KEY, v "TEXT, CHECK (0)")` },
    ]);
    deployLateReplication({ master: "MASTER", tables: [{ table: "odd" }] });
    await expect(userStub(env.LATE_TODO, "late-odd-type").todos()).rejects.toThrow(
      /column "v" of table "odd" has the type "TEXT, CHECK \(0\)", which a master cannot declare/,
    );
    deployLateMigrations(repMigrations);
    deployLateReplication(undefined);
  });

  it("refuses a missing master binding and an unnamed object", async () => {
    deployLateReplication({ master: "NO_SUCH_BINDING", tables: [{ table: "todo" }] });
    await expect(userStub(env.LATE_TODO, "late-no-binding").todos()).rejects.toThrow(
      /env.NO_SUCH_BINDING is not a Durable Object namespace/,
    );
    deployLateReplication({ master: "MASTER", tables: [{ table: "todo" }] });
    await expect(env.LATE_TODO.get(env.LATE_TODO.newUniqueId()).todos()).rejects.toThrow(/unique id has no name/);
    deployLateReplication(undefined);
  });
});

describe("sharding", () => {
  it("puts each user on the shard of its name's hash, and reads across all shards merged", async () => {
    const users = Array.from({ length: 12 }, (_, i) => `shard-user-${i}`);
    for (const [i, name] of users.entries()) {
      const stub = userStub(env.SHARDED_TODO, name);
      for (let j = 0; j <= i % 3; j++) await stub.add(`${name}-${j}`, 10 * (i + 1));
    }
    const shards = masterShards(env.MASTER_SHARDED, 3);
    for (const name of users) {
      await vi.waitFor(
        () => expectConverged(userStub(env.SHARDED_TODO, name), masterFor(env.MASTER_SHARDED, name, 3), name),
        until,
      );
    }
    // Every user's rows are on its own shard only, and the hash spread them.
    const used = new Set(users.map((u) => shardOf(u, 3)));
    expect(used.size).toBeGreaterThan(1);
    for (const [index, stub] of shards.stubs.entries()) {
      const names = (await stub.sources({ limit: 1000 })).map((s) => s.name).filter((n) => n.startsWith("shard-user-"));
      expect(names.every((n) => shardOf(n, 3) === index)).toBe(true);
    }
    const expectedRows = users.reduce((sum, _, i) => sum + (i % 3) + 1, 0);
    expect(await shards.count("todo", {})).toBe(expectedRows);
    const mine = (await shards.sources({ limit: 1000 })).filter((s) => s.name.startsWith("shard-user-"));
    expect(mine.map((s) => s.name).sort()).toEqual([...users].sort());
    // Who spent what: grouped by source, biggest first, across shards.
    const spent = (await shards.sumBy("todo", "amount", { groupBy: "_source", limit: 1000 })).filter((g) =>
      String(g.key).startsWith("shard-user-"),
    );
    expect(spent[0]).toEqual({ key: "shard-user-11", sum: 120 * 3, count: 3 });
    expect(await shards.sum("todo", "amount", { _source: "shard-user-4" })).toBe(50 * 2);
    // A merged page is ordered across shards and cut at the limit.
    const page = await shards.list("todo", { orderBy: "amount", direction: "desc", limit: 4 });
    expect(page.map((r) => r.amount)).toEqual([120, 120, 120, 110]);
  });

  it("reads across shards that a table has not reached yet, and answers 404 for a table no shard knows", async () => {
    const name = "lone-sharded-user";
    const stub = userStub(env.SHARDED_TODO, name);
    await stub.add("only", 7);
    await vi.waitFor(() => expectConverged(stub, masterFor(env.MASTER_SHARDED, name, 3), name), until);
    // Shards 3 and 4 of five have never received a row: they hold no "todo" table.
    const three = masterShards(env.MASTER_SHARDED, 3);
    const five = masterShards(env.MASTER_SHARDED, 5);
    const holding = await Promise.all(five.stubs.map(async (s) => "todo" in (await s.replicatedTables())));
    expect(holding.slice(3)).toEqual([false, false]);
    expect(await five.count("todo", {})).toBe(await three.count("todo", {}));
    expect(await five.sum("todo", "amount", { _source: name })).toBe(7);
    expect((await five.list("todo", { limit: 1000 })).filter((r) => r._source === name).map((r) => r.title)).toEqual([
      "only",
    ]);
    expect(await five.sumBy("todo", "amount", { groupBy: "_source", limit: 1000 })).toContainEqual({
      key: name,
      sum: 7,
      count: 1,
    });
    await expect(five.count("no_such_table", {})).rejects.toMatchObject({ code: "unknown_table" });
  });

  it("moves a user to its new shard when the shard count changes: the new shard asks for a resync and gets every row", async () => {
    const name = Array.from({ length: 50 }, (_, i) => `mover-${i}`).find((n) => shardOf(n, 3) !== 0)!;
    deployLateReplication({ master: "MASTER_SHARDED", shards: 1, tables: [{ table: "todo" }], flushDelayMs: 5 });
    const stub = userStub(env.LATE_TODO, name);
    await stub.add("first");
    await stub.add("second");
    await vi.waitFor(() => expectConverged(stub, masterFor(env.MASTER_SHARDED, name, 1), name), until);

    deployLateReplication({ master: "MASTER_SHARDED", shards: 3, tables: [{ table: "todo" }], flushDelayMs: 5 });
    await evictDurableObject(stub);
    await stub.add("third");
    const moved = masterFor(env.MASTER_SHARDED, name, 3);
    await vi.waitFor(() => expectConverged(stub, moved, name), until);
    expect((await masterTodos(moved, name)).map((t) => t.title)).toEqual(["first", "second", "third"]);
    deployLateReplication(undefined);
  });
});
