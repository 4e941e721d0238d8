import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";
import { outerbase, studioUrl } from "./studio-client.js";

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
});
