import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { shardName, shardOf, studioRoute, userStub } from "../src/index.js";
import { STUDIO_TEST_READONLY_TOKEN, STUDIO_TEST_TOKEN } from "./studio-constants.js";

// The studio as an app with replication mounts it: users' objects and the master's shards.
const studio = studioRoute<Cloudflare.Env>({
  namespaces: {
    TODO: (e) => e.SHARDED_TODO,
    MASTER: (e) => e.MASTER_SHARDED,
    MASTER_RO: { namespace: (e) => e.MASTER_SHARDED, readOnly: true },
  },
  token: (e) => e.STUDIO_TOKEN,
  readOnlyToken: (e) => e.STUDIO_READONLY_TOKEN,
});

async function query(binding: string, name: string, body: unknown, token = STUDIO_TEST_TOKEN) {
  const request = new Request(`https://app.test/sqlite/${binding}/${encodeURIComponent(name)}/query/raw`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = (await studio(request, env, createExecutionContext()))!;
  return { status: response.status, body: (await response.json()) as any };
}

const until = { timeout: 20_000, interval: 25 };
const shardOfUser = (user: string) => shardName(shardOf(user, 3));

describe("the master in the studio", () => {
  it("is browsable like any object: introspection, replicated rows and the registry", async () => {
    const user = "studio-master-reader";
    await userStub(env.SHARDED_TODO, user).add("replicated", 5);
    const shard = shardOfUser(user);
    await vi.waitFor(async () => {
      const rows = await query("MASTER", shard, {
        sql: "SELECT _source, title, amount FROM todo WHERE _source = ?",
        params: [user],
      });
      expect(rows.body.result.rows).toEqual([[user, "replicated", 5]]);
    }, until);

    expect((await query("MASTER", shard, { sql: "PRAGMA database_list;" })).body.result.rows).toEqual([
      [0, "main", ""],
    ]);
    const schema = await query("MASTER", shard, { transaction: [{ sql: 'SELECT * FROM "main".sqlite_schema;' }] });
    const names: string[] = schema.body.result[0].rows.map((r: unknown[]) => r[1]);
    expect(names).toContain("todo");
    expect(names.filter((n) => n.startsWith("_cf_"))).toEqual([]);
    const columns = await query("MASTER", shard, { sql: `SELECT * FROM "main".pragma_table_info("todo");` });
    expect(columns.body.result.rows.map((r: unknown[]) => r[1])).toEqual(
      expect.arrayContaining(["_source", "title", "amount"]),
    );
  });

  it("sees an edit made in a user's object through the studio: studio writes replicate", async () => {
    const user = "studio-master-editor";
    await userStub(env.SHARDED_TODO, user).add("before", 1);
    const edit = await query("TODO", user, {
      transaction: [{ sql: `UPDATE "main"."todo" SET "title" = 'edited in studio' WHERE "id" = 1` }],
    });
    expect(edit.status).toBe(200);
    await vi.waitFor(async () => {
      const rows = await query("MASTER", shardOfUser(user), {
        sql: "SELECT title FROM todo WHERE _source = ?",
        params: [user],
      });
      expect(rows.body.result.rows).toEqual([["edited in studio"]]);
    }, until);
  });

  it("can be served read-only, whatever the token", async () => {
    const shard = shardOfUser("anyone");
    const admin = await query("MASTER_RO", shard, { sql: "DELETE FROM todo" });
    expect(admin).toMatchObject({ status: 403, body: { code: "read_only" } });
    const reader = await query("MASTER", shard, { sql: "CREATE TABLE x (a)" }, STUDIO_TEST_READONLY_TOKEN);
    expect(reader).toMatchObject({ status: 403, body: { code: "read_only" } });
    expect((await query("MASTER_RO", shard, { sql: "SELECT 1 AS one" })).body.result.rows).toEqual([[1]]);
  });
});
