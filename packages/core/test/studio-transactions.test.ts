import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";
import { outerbase, studioUrl } from "./studio-client.js";
import { STUDIO_TEST_READONLY_TOKEN } from "./studio-constants.js";

function setup(name: string) {
  return { stub: userStub(env.STUDIO_TODO, name), studio: outerbase(studioUrl("STUDIO_TODO", name)) };
}

describe("transactions are all or nothing", () => {
  it("roll back earlier statements when a later one fails, naming the failing one", async () => {
    const { stub, studio } = setup("tx-rollback");
    await stub.seed();
    const answer = await studio.transaction([
      `UPDATE "main"."todo" SET "title" = 'changed' WHERE "id" = 1`,
      "INSERT INTO todo (title) VALUES ('added')",
      "INSERT INTO nope VALUES (1)",
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: "statement 3: no such table: nope: SQLITE_ERROR", code: "sql_error" });
    expect((await stub.rows("todo")).map((r) => r.title)).toEqual(["buy milk", "write tests"]);
  });

  it("roll back on a constraint failure, schema changes included", async () => {
    const { stub, studio } = setup("tx-constraint");
    const answer = await studio.transaction([
      "CREATE TABLE extra (a INTEGER)",
      "INSERT INTO extra VALUES (1)",
      "INSERT INTO todo (title) VALUES (NULL)",
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^statement 3: NOT NULL constraint failed: todo.title/);
    expect(await stub.schemaNames()).not.toContain("extra");
    expect(await stub.rows("todo")).toEqual([]);
  });

  it("treat several statements in one sql as one unit too", async () => {
    const { stub, studio } = setup("multi-rollback");
    const answer = await studio.query("INSERT INTO notes (body) VALUES ('kept?'); SELECT * FROM missing");
    expect(answer).toMatchObject({
      status: 400,
      body: { error: "no such table: missing: SQLITE_ERROR", code: "sql_error" },
    });
    expect(await stub.rows("notes")).toEqual([]);
  });

  it("stay isolated when many run at once, failing ones included", async () => {
    const { stub, studio } = setup("tx-concurrent");
    const good = Array.from({ length: 20 }, (_, i) =>
      studio.transaction(["UPDATE counter SET n = n + 1 WHERE id = 1", `INSERT INTO notes (body) VALUES ('ok ${i}')`]),
    );
    const bad = Array.from({ length: 5 }, (_, i) =>
      studio.transaction([
        "UPDATE counter SET n = n + 100 WHERE id = 1",
        `INSERT INTO notes (body) VALUES ('bad ${i}')`,
        "SELECT * FROM nope",
      ]),
    );
    const answers = await Promise.all([...good, ...bad]);
    expect(answers.map((a) => a.status)).toEqual([...Array(20).fill(200), ...Array(5).fill(400)]);
    expect(await stub.rows("counter")).toEqual([{ id: 1, n: 20 }]);
    const notes = (await stub.rows("notes")).map((r) => r.body as string);
    expect(notes).toHaveLength(20);
    expect(notes.every((b) => b.startsWith("ok "))).toBe(true);
  });
});

describe("SQL errors", () => {
  it("are a 400 with SQLite's message and no stack", async () => {
    const { studio } = setup("sql-errors");
    const syntax = await studio.query("SELEC 1");
    expect(syntax.status).toBe(400);
    expect(syntax.headers.get("content-type")).toMatch(/^application\/json/);
    expect(syntax.body).toEqual({ error: 'near "SELEC": syntax error at offset 0: SQLITE_ERROR', code: "sql_error" });
    const bindings = await studio.query("SELECT ?");
    expect(bindings).toMatchObject({
      status: 400,
      body: { code: "sql_error", error: expect.stringMatching(/parameter bindings/) },
    });
    const forbidden = await studio.query("BEGIN TRANSACTION");
    expect(forbidden).toMatchObject({ status: 400, body: { code: "sql_error" } });
    for (const answer of [syntax, bindings, forbidden]) expect(JSON.stringify(answer.body)).not.toMatch(/\bat \S+\.ts/);
  });

  it("refuse to touch the platform's tables with a 403", async () => {
    const { stub, studio } = setup("platform");
    await stub.usePlatformKv();
    for (const sql of ["SELECT * FROM _cf_KV", 'SELECT * FROM "main"."_cf_KV"', "DELETE FROM [_cf_KV]"]) {
      const answer = await studio.query(sql);
      expect(answer).toMatchObject({ status: 403, body: { code: "platform_table" } });
    }
  });

  it("refuse an answer too large to send, naming the way out", async () => {
    const { studio } = setup("too-large");
    const columns = Array.from({ length: 5 }, (_, i) => `hex(zeroblob(1000000)) AS c${i}`).join(", ");
    const answer = await studio.query(`SELECT ${columns}`);
    expect(answer).toMatchObject({
      status: 400,
      body: { code: "answer_too_large", error: expect.stringMatching(/LIMIT/) },
    });
  });
});

describe("a refused or failed read", () => {
  // About 9 MB as the studio answers it (three copies of 3,000 texts of 1,000 characters): over the 8 MB limit.
  const BIG = `CREATE TABLE big (id INTEGER PRIMARY KEY, t TEXT NOT NULL);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
    INSERT INTO big (t) SELECT hex(zeroblob(500)) FROM n;
    CREATE INDEX big_t ON big (t);`;

  it("leaves no statement open after an answer too large: DROP works at once", async () => {
    const { studio } = setup("refused-then-drop");
    expect((await studio.query(BIG)).status).toBe(200);
    const refused = await studio.query("SELECT *, t AS t2, t AS t3 FROM big");
    expect(refused).toMatchObject({ status: 400, body: { code: "answer_too_large" } });
    expect((await studio.query("DROP INDEX big_t")).body).toMatchObject({ result: { columns: [] } });
    expect((await studio.query("DROP TABLE big")).body).toMatchObject({ result: { columns: [] } });
  });

  it("leaves no statement open after SQLite fails half-way through the rows", async () => {
    const { studio } = setup("failed-then-drop");
    expect((await studio.query(BIG)).status).toBe(200);
    const failed = await studio.query("SELECT id, CASE WHEN id = 3 THEN abs(-9223372036854775808) ELSE t END FROM big");
    expect(failed).toMatchObject({
      status: 400,
      body: { code: "sql_error", error: expect.stringMatching(/overflow/) },
    });
    expect((await studio.query("DROP TABLE big")).status).toBe(200);
  });

  it("leaves no statement open after a read-only caller's read is refused for its size", async () => {
    const { studio } = setup("read-only-refused-then-drop");
    expect((await studio.query(BIG)).status).toBe(200);
    const readOnly = outerbase(studioUrl("STUDIO_TODO", "read-only-refused-then-drop"), STUDIO_TEST_READONLY_TOKEN);
    expect((await readOnly.query("SELECT *, t AS t2, t AS t3 FROM big")).status).toBe(400);
    expect((await studio.query("DROP TABLE big")).status).toBe(200);
  });
});

describe("the audit log", () => {
  it("records committed writes by verb and count, never their SQL or values", async () => {
    const { stub, studio } = setup("audit");
    await studio.query("SELECT * FROM todo");
    await studio.transaction(["INSERT INTO todo (title) VALUES ('secret-title-123')", "UPDATE counter SET n = 7"]);
    await studio.query("INSERT INTO nope VALUES (1)");
    const log = await stub.readLog();
    expect(log.map((e) => e.message)).toEqual(["studio write"]);
    expect(log[0]!.data).toEqual({ verbs: ["INSERT", "UPDATE"], statements: 2, rows_written: expect.any(Number) });
    expect(JSON.stringify(log)).not.toContain("secret-title-123");
  });
});
