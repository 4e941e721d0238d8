import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { shardName, userStub } from "../src/index.js";
import { exportText, parseExport } from "./data-helpers.js";
import { expectConverged, masterFor, until } from "./replication-helpers.js";

/** Every row of every exported table, by table: what "nothing left" is compared with. */
async function contents(stub: Parameters<typeof exportText>[0]) {
  const { rows } = parseExport((await exportText(stub)).text);
  return Object.fromEntries([...rows].filter(([table]) => table !== "_userdo_log"));
}

describe("deleting a user", () => {
  it("wipes the object and, through replication, the user's rows at the master, leaving an audit row", async () => {
    const name = "delete-alice";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.add("one", 5);
    await stub.add("two", 6);
    await stub.setAccount("pro", "tok_secret");
    await stub.tag("x", 1);
    await vi.waitFor(() => expectConverged(stub, master, name, 2), until);
    const neighbour = userStub(env.REP_TODO, "delete-neighbour");
    await neighbour.add("stays", 1);
    await vi.waitFor(() => expectConverged(neighbour, master, "delete-neighbour"), until);

    const summary = await stub.deleteUser({ by: "support ticket 42" });
    expect(summary).toEqual({ name, rows: 4, replicated: true });

    // The object answers as a new user: nothing in it, not even a log line.
    expect(await stub.todos()).toEqual([]);
    expect(await stub.readLog()).toEqual([]);
    await vi.waitFor(async () => {
      expect(await master.sources({ limit: 1000 })).not.toContainEqual(expect.objectContaining({ name }));
      expect(await master.count("todo", { _source: name })).toBe(0);
      expect(await master.count("account", { _source: name })).toBe(0);
      expect(await master.count("tags", { _source: name })).toBe(0);
    }, until);
    const [audit] = await master.erasures();
    expect(audit).toMatchObject({ source: name, requested_by: "support ticket 42", object_rows: 4, master_rows: 4 });
    expect(await master.count("todo", { _source: "delete-neighbour" })).toBe(1);
    // Once replication has told the master, the object is exactly a never-used one.
    await vi.waitFor(async () => expect(await stub.outboxSize()).toBe(0), until);
    await vi.waitFor(async () => expect(await stub.alarmAt()).toBeNull(), until);
    expect(await contents(stub)).toEqual(await contents(userStub(env.REP_TODO, "delete-never-used")));

    // And it is a user again from its next write, replicated as a new one.
    await stub.add("fresh", 1);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
  });

  it("drops a late batch of the deleted user's earlier life at the master", async () => {
    const name = "delete-late";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.add("old", 1);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    await stub.deleteUser({ by: "test" });
    await vi.waitFor(async () => expect(await master.count("todo", { _source: name })).toBe(0), until);
    const erasedAt = (await master.erasures())[0]!.epoch as number;
    const late = {
      source: name,
      epoch: erasedAt - 1,
      shards: 1,
      fromSeq: 0,
      toSeq: 1,
      tables: [
        {
          name: "todo",
          columns: [
            { name: "id", type: "INTEGER" },
            { name: "title", type: "TEXT" },
          ],
        },
      ],
      changes: [{ table: "todo", rowid: 9, values: [9, "zombie"] }],
    };
    expect(await master.ingest(late)).toMatchObject({ applied: 0, duplicate: true });
    expect(await master.count("todo", { _source: name })).toBe(0);
    expect(await master.erase({ source: name, epoch: erasedAt, by: "again", at: 1, rows: 0 })).toEqual({
      erased: 0,
      duplicate: true,
    });
    await expect(master.erase({ source: "", epoch: 1, by: "x", at: 1, rows: 0 })).rejects.toThrow(
      /source must be a user name/,
    );
  });

  it("erases the user's rows in a D1 sink too", async () => {
    const name = "delete-d1";
    const stub = userStub(env.D1_TODO, name);
    await stub.add("a", 1);
    await stub.setAccount("team", "tok");
    const count = async () =>
      (await env.REPLICA_D1.prepare("SELECT count(*) AS n FROM todo WHERE _source = ?")
        .bind(name)
        .first<{ n: number }>())!.n;
    await vi.waitFor(async () => expect(await count()).toBe(1), until);
    expect(await stub.deleteUser({ by: "gdpr request" })).toEqual({ name, rows: 2, replicated: true });
    await vi.waitFor(async () => expect(await count()).toBe(0), until);
    expect(
      await env.REPLICA_D1.prepare("SELECT count(*) AS n FROM account WHERE _source = ?").bind(name).first(),
    ).toEqual({ n: 0 });
    expect(
      await env.REPLICA_D1.prepare("SELECT name FROM _userdo_master_sources WHERE name = ?").bind(name).first(),
    ).toBeNull();
    const audit = await env.REPLICA_D1.prepare("SELECT * FROM _userdo_master_erasures WHERE source = ?")
      .bind(name)
      .first();
    expect(audit).toMatchObject({ requested_by: "gdpr request", object_rows: 2, master_rows: 2 });
  });

  it("deletes an object that does not replicate, and refuses a bad 'by'", async () => {
    const stub = env.DATA_SOURCE.get(env.DATA_SOURCE.idFromName("delete-local"));
    await stub.run("INSERT INTO items (id, title) VALUES (1, 'x')");
    await stub.stamp(5);
    await stub.run("SELECT 1");
    await expect(stub.deleteUser({ by: "" })).rejects.toThrow(/by must say who asked/);
    expect(await stub.deleteUser({ by: "me" })).toEqual({ name: "delete-local", rows: 3, replicated: false });
    expect(await stub.run("SELECT count(*) AS n FROM items")).toEqual([{ n: 0 }]);
    expect(await stub.alarmAt()).toBeNull();
    expect(shardName(0)).toBe("master-0");
  });
  it("refuses to delete a user whose sink cannot erase, before wiping anything", async () => {
    const stub = userStub(env.NO_ERASE_TODO, "no-erase-alice");
    await stub.add("keep me", 1);
    await expect(stub.deleteUser({ by: "support" })).rejects.toThrow(/sink cannot delete a user/);
    expect(await stub.todos()).toEqual([expect.objectContaining({ title: "keep me" })]);
  });
});
