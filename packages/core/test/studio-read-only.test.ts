import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";
import { outerbase, studioUrl } from "./studio-client.js";
import { STUDIO_SCOPED_TOKEN, STUDIO_TEST_READONLY_TOKEN, STUDIO_TEST_TOKEN } from "./studio-constants.js";

const WRITES = [
  "INSERT INTO todo (title) VALUES ('x')",
  "UPDATE todo SET done = 1",
  "DELETE FROM todo",
  "DELETE FROM todo WHERE 0",
  "REPLACE INTO todo (id, title) VALUES (1, 'y')",
  "CREATE TABLE t2 (a)",
  "DROP TABLE notes",
  "ALTER TABLE todo ADD COLUMN extra TEXT",
  "CREATE INDEX todo_title ON todo (title)",
  "ANALYZE",
  "REINDEX",
  "WITH doomed AS (SELECT 1) DELETE FROM todo",
  "PRAGMA foreign_keys = OFF",
  "PRAGMA foreign_keys(0)",
  "SELECT 1; DELETE FROM todo",
  "/* SELECT */ DELETE FROM todo",
];

async function snapshot(name: string) {
  const stub = userStub(env.STUDIO_TODO, name);
  return {
    todo: await stub.rows("todo"),
    notes: await stub.rows("notes"),
    schema: await stub.schemaNames(),
    changes: await stub.totalChanges(),
  };
}

describe("read-only access", () => {
  it("reads, browses and introspects", async () => {
    await userStub(env.STUDIO_TODO, "ro-reads").seed();
    const studio = outerbase(studioUrl("STUDIO_TODO", "ro-reads"), STUDIO_TEST_READONLY_TOKEN);
    for (const sql of [
      "PRAGMA database_list;",
      'SELECT * FROM "main".sqlite_schema;',
      `SELECT * FROM "main".pragma_table_info("todo");`,
      "PRAGMA table_info(todo)",
      "PRAGMA foreign_keys",
      "EXPLAIN SELECT * FROM todo",
      "WITH t AS (SELECT 1 AS one) SELECT one FROM t",
      "VALUES (1), (2)",
    ]) {
      expect((await studio.query(sql)).status, sql).toBe(200);
    }
    expect(
      (await studio.transaction([`SELECT rowid, * FROM "main"."notes" LIMIT 50 OFFSET 0;`])).body.result[0].rows,
    ).toHaveLength(2);
    expect(await userStub(env.STUDIO_TODO, "ro-reads").rows("todo")).toHaveLength(2);
  });

  it("refuses every kind of write with a 403 and leaves nothing behind", async () => {
    await userStub(env.STUDIO_TODO, "ro-writes").seed();
    const before = await snapshot("ro-writes");
    const studio = outerbase(studioUrl("STUDIO_TODO", "ro-writes"), STUDIO_TEST_READONLY_TOKEN);
    for (const sql of WRITES) {
      const answer = await studio.query(sql);
      expect(answer.status, sql).toBe(403);
      expect(answer.body, sql).toEqual({ error: expect.stringMatching(/^read-only access/), code: "read_only" });
    }
    const tx = await studio.transaction(["SELECT * FROM todo", "UPDATE todo SET done = 1"]);
    expect(tx.status).toBe(403);
    const after = await snapshot("ro-writes");
    expect(after).toEqual({ ...before, changes: after.changes });
    // Nothing ran: the connection counted no change.
    expect(after.changes).toBe(before.changes);
  });

  it("applies to every caller of a binding declared read-only, admin included", async () => {
    await userStub(env.STUDIO_TODO, "ro-class").seed();
    const admin = outerbase(studioUrl("STUDIO_TODO_RO", "ro-class"), STUDIO_TEST_TOKEN);
    expect((await admin.query("SELECT count(*) FROM todo")).body.result.rows).toEqual([[2]]);
    expect((await admin.query("DELETE FROM todo")).status).toBe(403);
    expect(await userStub(env.STUDIO_TODO, "ro-class").rows("todo")).toHaveLength(2);
    // The same object through the read-write binding takes the write.
    expect((await outerbase(studioUrl("STUDIO_TODO", "ro-class")).query("DELETE FROM todo WHERE id = 1")).status).toBe(
      200,
    );
  });

  it("is what the authorize hook grants, for the objects it grants it on", async () => {
    await userStub(env.STUDIO_TODO, "scoped").seed();
    const scoped = outerbase(studioUrl("STUDIO_TODO", "scoped"), STUDIO_SCOPED_TOKEN);
    expect((await scoped.query("SELECT count(*) FROM todo")).status).toBe(200);
    expect((await scoped.query("DELETE FROM todo")).status).toBe(403);
    const elsewhere = outerbase(studioUrl("STUDIO_TODO", "not-scoped"), STUDIO_SCOPED_TOKEN);
    expect((await elsewhere.query("SELECT 1")).status).toBe(401);
  });
});

describe("read-only access and EXPLAIN", () => {
  it("checks the statement inside EXPLAIN like any other: no setting of the connection changes", async () => {
    const name = "ro-explain";
    await userStub(env.STUDIO_TODO, name).seed();
    const admin = outerbase(studioUrl("STUDIO_TODO", name));
    const readOnly = outerbase(studioUrl("STUDIO_TODO", name), STUDIO_TEST_READONLY_TOKEN);
    // An admin switches recursive triggers on, as replication does; LIKE is case-insensitive by default.
    expect((await admin.query("PRAGMA recursive_triggers = ON")).status).toBe(200);
    const settings = async () => ({
      caseInsensitiveLike: (await admin.query("SELECT 'a' LIKE 'A' AS ci")).body.result.rows,
      recursiveTriggers: (await admin.query("PRAGMA recursive_triggers")).body.result.rows,
    });
    const before = await settings();
    expect(before).toEqual({ caseInsensitiveLike: [[1]], recursiveTriggers: [[1]] });

    for (const sql of [
      "EXPLAIN PRAGMA case_sensitive_like = ON",
      "EXPLAIN PRAGMA recursive_triggers = OFF",
      "explain query plan pragma case_sensitive_like = 1",
      "EXPLAIN QUERY PLAN PRAGMA recursive_triggers(0)",
      "EXPLAIN PRAGMA main.recursive_triggers = 0",
      "/* x */ EXPLAIN PRAGMA case_sensitive_like=ON",
      "SELECT 1; EXPLAIN PRAGMA case_sensitive_like = ON",
      "EXPLAIN DELETE FROM todo",
      "EXPLAIN QUERY PLAN DELETE FROM todo",
      "EXPLAIN",
      "EXPLAIN QUERY PLAN",
    ]) {
      const answer = await readOnly.query(sql);
      expect(answer.status, sql).toBe(403);
      expect(answer.body.code, sql).toBe("read_only");
    }
    const tx = await readOnly.transaction(["SELECT 1", "EXPLAIN PRAGMA case_sensitive_like = ON"]);
    expect(tx.status).toBe(403);
    expect(await settings()).toEqual(before);

    // Explaining a read is still a read.
    for (const sql of [
      "EXPLAIN SELECT * FROM todo",
      "EXPLAIN QUERY PLAN SELECT * FROM todo WHERE id = 1",
      "EXPLAIN PRAGMA table_info(todo)",
      "EXPLAIN PRAGMA recursive_triggers",
    ]) {
      expect((await readOnly.query(sql)).status, sql).toBe(200);
    }
    expect(await settings()).toEqual(before);
  });
});
