import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";
import { outerbase, studioUrl } from "./studio-client.js";
import { STUDIO_TEST_READONLY_TOKEN } from "./studio-constants.js";

// An object in which the platform has made its own tables, as any use of KV storage or alarms does.
async function withPlatformTables(name: string) {
  const stub = userStub(env.STUDIO_TODO, name);
  await stub.seed();
  await stub.usePlatformKv();
  const platform = await runInDurableObject(stub, async (_, state) => {
    await state.storage.setAlarm(Date.now() + 86_400_000);
    return state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_schema WHERE name LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name")
      .toArray()
      .map((r) => r.name);
  });
  expect(platform).toEqual(["_cf_KV", "_cf_METADATA"]);
  return { stub, studio: outerbase(studioUrl("STUDIO_TODO", name)) };
}

describe("the platform's tables in the studio", () => {
  it("appear in no listing of the schema, whatever the projection", async () => {
    const { studio } = await withPlatformTables("platform-listings");
    for (const sql of [
      "SELECT * FROM sqlite_master",
      'SELECT * FROM "main".sqlite_schema;',
      "SELECT sql FROM sqlite_master",
      "SELECT name AS n, tbl_name AS t FROM sqlite_schema",
      "SELECT group_concat(name) FROM sqlite_master",
      "SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE '\\_cf\\_%' ESCAPE '\\'",
      "SELECT m.name FROM main.sqlite_master AS m",
      "SELECT * FROM (SELECT * FROM sqlite_schema)",
      "SELECT sqlite_schema.name FROM sqlite_schema",
      "PRAGMA table_list",
      "SELECT name AS n FROM pragma_table_list",
    ]) {
      const answer = await studio.query(sql);
      expect(answer.status, sql).toBe(200);
      expect(JSON.stringify(answer.body.result.rows), sql).not.toMatch(/_cf_/i);
    }
    const names = (await studio.query("SELECT name FROM sqlite_schema")).body.result.rows.flat();
    expect(names).toEqual(expect.arrayContaining(["todo", "notes", "files", "_userdo_log"]));
    expect(
      (await studio.query("SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_cf%' ESCAPE '\\'")).body.result.rows,
    ).toEqual([[0]]);
  });

  it("are refused with a 403, bare, quoted or inside a view, and nothing changes", async () => {
    const { studio } = await withPlatformTables("platform-refused");
    const schemaBefore = (await studio.query("SELECT type, name, sql FROM sqlite_schema ORDER BY name")).body.result;
    for (const sql of [
      "SELECT * FROM _cf_KV",
      'SELECT * FROM "main"."_cf_METADATA"',
      "SELECT key FROM _CF_kv",
      "DELETE FROM [_cf_KV]",
      "DROP TABLE _cf_KV",
      "CREATE INDEX kv_value ON _cf_KV (value)",
      "CREATE VIEW kv AS SELECT * FROM _cf_KV",
      "CREATE TABLE _cf_mine (a)",
      "CREATE INDEX _cf_title ON todo (title)",
      "SELECT * FROM pragma_table_info('_cf_KV')",
    ]) {
      const answer = await studio.query(sql);
      expect(answer, sql).toMatchObject({ status: 403, body: { code: "platform_table" } });
    }
    expect((await studio.query("SELECT type, name, sql FROM sqlite_schema ORDER BY name")).body.result).toEqual(
      schemaBefore,
    );
  });

  it("are not confused with the user's own names that start with _cf_", async () => {
    const { studio } = await withPlatformTables("platform-lookalikes");
    expect((await studio.query("CREATE TABLE flags (id INTEGER PRIMARY KEY, _cf_flag INTEGER)")).status).toBe(200);
    expect((await studio.query("INSERT INTO flags (_cf_flag) VALUES (7)")).status).toBe(200);
    const read = await studio.query('SELECT _cf_flag, "_cf_flag" AS _cf_x, 1 AS [_cf_y] FROM flags');
    expect(read.body.result).toMatchObject({ columns: ["_cf_flag", "_cf_x", "_cf_y"], rows: [[7, 7, 1]] });
    const readOnly = outerbase(studioUrl("STUDIO_TODO", "platform-lookalikes"), STUDIO_TEST_READONLY_TOKEN);
    expect((await readOnly.query("SELECT _cf_flag AS _cf_x FROM flags")).status).toBe(200);
    // A column whose name starts with _cf_ is listed like any other.
    const columns = await studio.query("SELECT name FROM pragma_table_info('flags')");
    expect(columns.body.result.rows).toEqual([["id"], ["_cf_flag"]]);
  });
});
