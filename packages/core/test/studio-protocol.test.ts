import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";
import { outerbase, post, studioUrl } from "./studio-client.js";

async function seeded(name: string) {
  const stub = userStub(env.STUDIO_TODO, name);
  await stub.seed();
  await stub.usePlatformKv();
  return { stub, studio: outerbase(studioUrl("STUDIO_TODO", name)) };
}

describe("Outerbase Studio's introspection", () => {
  it("lists the one schema, main, although the platform forbids PRAGMA database_list", async () => {
    const { studio } = await seeded("introspect-databases");
    const answer = await studio.query("PRAGMA database_list;");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      result: { columns: ["seq", "name", "file"], rows: [[0, "main", ""]], meta: { rows_read: 0, rows_written: 0 } },
    });
  });

  it("lists tables from sqlite_schema in a transaction, platform tables hidden", async () => {
    const { studio } = await seeded("introspect-schema");
    // The platform's own table exists (seen past the studio): the studio has something to hide.
    const platform = await runInDurableObject(
      userStub(env.STUDIO_TODO, "introspect-schema"),
      (_, state) => state.storage.sql.exec("SELECT name FROM sqlite_schema WHERE name = '_cf_KV'").toArray().length,
    );
    expect(platform).toBe(1);

    const answer = await studio.transaction(['SELECT * FROM "main".sqlite_schema;']);
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.body.result)).toBe(true);
    const [schema] = answer.body.result;
    expect(schema.columns).toEqual(["type", "name", "tbl_name", "rootpage", "sql"]);
    expect(schema.meta).toEqual({ rows_read: expect.any(Number), rows_written: 0 });
    const names = schema.rows.map((r: unknown[]) => r[1]);
    expect(names).toEqual(expect.arrayContaining(["todo", "notes", "files", "sqlite_sequence", "_userdo_log"]));
    expect(names.filter((n: string) => n.startsWith("_cf_"))).toEqual([]);
  });

  it("reads a table's definition, its columns and its AUTOINCREMENT sequence", async () => {
    const { studio } = await seeded("introspect-table");
    const definition = await studio.query(`SELECT * FROM "main".sqlite_schema WHERE tbl_name = 'todo';`);
    expect(definition.body.result.rows).toEqual([
      ["table", "todo", "todo", expect.any(Number), expect.stringContaining("CREATE TABLE todo")],
    ]);

    const columns = await studio.query(`SELECT * FROM "main".pragma_table_info("todo");`);
    expect(columns.body.result.columns).toEqual(["cid", "name", "type", "notnull", "dflt_value", "pk"]);
    expect(columns.body.result.rows.map((r: unknown[]) => [r[1], r[5]])).toEqual([
      ["id", 1],
      ["title", 0],
      ["done", 0],
    ]);

    const sequence = await studio.query(`SELECT COUNT(*) AS total FROM "main".sqlite_sequence WHERE name='files';`);
    expect(sequence.body.result).toEqual({ columns: ["total"], rows: [[1]], meta: { rows_read: 1, rows_written: 0 } });
  });

  it("browses a table without primary key by rowid, with meta from the cursor", async () => {
    const { studio } = await seeded("browse-rowid");
    const answer = await studio.query(`SELECT rowid, * FROM "main"."notes"  LIMIT 50 OFFSET 0;`);
    expect(answer.body).toEqual({
      result: {
        columns: ["rowid", "body"],
        rows: [
          [1, "first"],
          [2, "second"],
        ],
        meta: { rows_read: 2, rows_written: 0 },
      },
    });
  });
});

describe("BLOBs", () => {
  it("arrive as arrays of byte values, Outerbase's own BLOB convention, never as {}", async () => {
    const { studio } = await seeded("blob-read");
    const answer = await studio.query(`SELECT * FROM "main"."files" LIMIT 50 OFFSET 0;`);
    expect(answer.body.result.rows).toEqual([[1, "bytes", [0, 255, 16]]]);
  });

  it("are written back by a cell edit as x'..' and as byte-array parameters", async () => {
    const { stub, studio } = await seeded("blob-write");
    expect((await studio.transaction([`UPDATE "main"."files" SET "data" = x'0a0b' WHERE "id" = 1`])).status).toBe(200);
    const url = studioUrl("STUDIO_TODO", "blob-write");
    const inserted = await post(url, {
      sql: "INSERT INTO files (name, data) VALUES (?, ?) RETURNING id, data",
      params: ["p", [1, 2, 255]],
    });
    expect(inserted.body.result.rows).toEqual([[2, [1, 2, 255]]]);
    const rows = await stub.rows("files");
    expect(rows.map((r) => [...new Uint8Array(r.data as ArrayBuffer)])).toEqual([
      [10, 11],
      [1, 2, 255],
    ]);
  });
});

describe("editing rows as Outerbase Studio does", () => {
  it("updates, inserts and deletes in one transaction, then reads the row back", async () => {
    const { stub, studio } = await seeded("edit-rows");
    const edit = await studio.transaction([
      `UPDATE "main"."todo" SET "title" = 'buy oat milk', "done" = 1 WHERE "id" = 1`,
      `INSERT INTO "main"."todo" ("title") VALUES('call mum') `,
      `DELETE FROM "main"."todo" WHERE "id" = 2`,
      `UPDATE "main"."notes" SET "body" = 'edited' WHERE "rowid" = 2`,
    ]);
    expect(edit.status).toBe(200);
    expect(edit.body.result).toHaveLength(4);
    for (const result of edit.body.result) {
      expect(result).toEqual({
        columns: [],
        rows: [],
        meta: { rows_read: expect.any(Number), rows_written: expect.any(Number) },
      });
      expect(result.meta.rows_written).toBeGreaterThan(0);
    }
    const row = await studio.query(`SELECT * FROM "main"."todo" WHERE "id" = 1 LIMIT 1 OFFSET 0`);
    expect(row.body.result.rows).toEqual([[1, "buy oat milk", 1]]);
    expect(await stub.rows("todo")).toEqual([
      { id: 1, title: "buy oat milk", done: 1 },
      { id: 3, title: "call mum", done: 0 },
    ]);
    expect((await stub.rows("notes")).map((r) => r.body)).toEqual(["first", "edited"]);
  });

  it("binds parameters: strings, numbers, booleans as 1/0, null", async () => {
    await seeded("params");
    const url = studioUrl("STUDIO_TODO", "params");
    const answer = await post(url, {
      sql: "SELECT ? AS s, ? AS n, ? AS t, ? AS f, ? AS z",
      params: ["x", 1.5, true, false, null],
    });
    expect(answer.body.result.rows).toEqual([["x", 1.5, 1, 0, null]]);
  });

  it("runs several statements in one sql as SQLite does, answering the last one", async () => {
    const { studio } = await seeded("multi");
    const answer = await studio.query("INSERT INTO notes (body) VALUES ('third'); SELECT count(*) AS n FROM notes;");
    expect(answer.body.result).toEqual({ columns: ["n"], rows: [[3]], meta: { rows_read: 3, rows_written: 0 } });
  });

  it("keeps what it wrote across eviction", async () => {
    const { stub, studio } = await seeded("evicted");
    await studio.query("UPDATE counter SET n = 41 WHERE id = 1");
    await evictDurableObject(stub);
    const fresh = userStub(env.STUDIO_TODO, "evicted");
    expect(await fresh.rows("counter")).toEqual([{ id: 1, n: 41 }]);
    expect((await studio.query("SELECT n FROM counter")).body.result.rows).toEqual([[41]]);
  });
});

describe("any object with userdo's plugins", () => {
  it("answers the protocol on a plain DurableObject made with withPlugins", async () => {
    const counter = env.PLAIN.get(env.PLAIN.idFromName("studio-plain"));
    await counter.increment();
    const studio = outerbase(studioUrl("PLAIN", "studio-plain"));
    const answer = await studio.query("SELECT count(*) AS n FROM counter");
    expect(answer.body.result.rows).toEqual([[1]]);
  });

  it("reaches an object whose name needs encoding in the URL", async () => {
    const name = "team/ünïcode name?";
    await userStub(env.STUDIO_TODO, name).seed();
    const answer = await outerbase(studioUrl("STUDIO_TODO", name)).query("SELECT title FROM todo ORDER BY id");
    expect(answer.body.result.rows).toEqual([["buy milk"], ["write tests"]]);
  });
});
