import { describe, expect, it } from "vitest";
import { ReadOnlyError, outerbaseConnection } from "../src/index.js";
import { assertNoPlatformTable } from "../src/studio/platform-tables.js";
import { hidePlatformRows, listsSchema, withPlatformSchemaHidden } from "../src/studio/schema-listing.js";
import { assertReadOnly } from "../src/studio/read-only.js";
import { splitStatements, statementVerb } from "../src/studio/sql-statements.js";

const verbs = (sql: string) => splitStatements(sql).map(statementVerb);

describe("splitStatements", () => {
  it("splits at top-level semicolons only", () => {
    expect(verbs("SELECT 'a;b'; DELETE FROM \"x;y\"; INSERT INTO [z;] VALUES (1) -- ; UPDATE\n")).toEqual([
      "SELECT",
      "DELETE",
      "INSERT",
    ]);
    expect(verbs("/* ; */ SELECT 1;;  ;")).toEqual(["SELECT"]);
    expect(verbs("SELECT 'it''s; fine'")).toEqual(["SELECT"]);
    expect(verbs("SELECT `a``;b` FROM t")).toEqual(["SELECT"]);
    expect(verbs("")).toEqual([]);
  });

  it("unquotes names and keeps strings apart from names", () => {
    const [tokens] = splitStatements(`SELECT "a""b", [c d], 'e' FROM main.t`);
    expect(tokens!.map((t) => [t.kind, t.text])).toEqual([
      ["word", "SELECT"],
      ["name", 'a"b'],
      ["symbol", ","],
      ["name", "c d"],
      ["symbol", ","],
      ["string", "e"],
      ["word", "FROM"],
      ["word", "MAIN"],
      ["symbol", "."],
      ["word", "T"],
    ]);
  });

  it("finds the verb after common table expressions", () => {
    expect(verbs("WITH a AS (SELECT 1), b(x) AS (VALUES (2)) DELETE FROM t WHERE id IN (SELECT * FROM a)")).toEqual([
      "DELETE",
    ]);
    expect(verbs("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c")).toEqual([
      "SELECT",
    ]);
    expect(verbs("WITH x AS MATERIALIZED (SELECT 1) UPDATE t SET a = 1")).toEqual(["UPDATE"]);
  });
});

describe("assertReadOnly", () => {
  const check = (sql: string) => () => assertReadOnly(splitStatements(sql));
  it("passes reads and reporting pragmas", () => {
    for (const sql of [
      "SELECT 1",
      "VALUES (1)",
      "EXPLAIN QUERY PLAN SELECT * FROM t",
      "EXPLAIN PRAGMA foreign_keys",
      "PRAGMA main.table_info(t)",
      "PRAGMA foreign_keys",
      "PRAGMA quick_check(5)",
    ]) {
      expect(check(sql), sql).not.toThrow();
    }
  });
  it("refuses writes, settings and anything unknown", () => {
    for (const sql of [
      "INSERT INTO t VALUES (1)",
      "PRAGMA foreign_keys = 0",
      "PRAGMA foreign_keys(0)",
      "PRAGMA main.foreign_keys=0",
      "PRAGMA journal_mode",
      "EXPLAIN QUERY PLAN DELETE FROM t",
      "EXPLAIN PRAGMA case_sensitive_like = ON",
      "EXPLAIN QUERY PLAN PRAGMA recursive_triggers(0)",
      "EXPLAIN",
      "VACUUM",
      "(SELECT 1)",
      "SELECT 1; DROP TABLE t",
    ]) {
      expect(check(sql), sql).toThrow(ReadOnlyError);
    }
  });
});

describe("platform tables", () => {
  const existing = new Set(["_cf_kv", "_cf_metadata"]);
  const check = (sql: string) => () => assertNoPlatformTable(splitStatements(sql)[0]!, existing);

  it("are refused by name, bare or quoted, in any case, wherever they are named", () => {
    for (const sql of [
      "SELECT * FROM _cf_KV",
      'SELECT * FROM "_CF_kv"',
      "SELECT * FROM main.[_cf_METADATA]",
      "CREATE VIEW v AS SELECT * FROM _cf_KV",
      "CREATE TRIGGER t AFTER INSERT ON todo BEGIN DELETE FROM _cf_KV",
    ]) {
      expect(check(sql), sql).toThrow(/belong to the platform/);
    }
  });

  it("let through names that merely start with _cf_, and strings", () => {
    for (const sql of [
      "SELECT _cf_flag FROM flags",
      "SELECT 1 AS _cf_x",
      'SELECT "_cf_flag" FROM flags',
      "CREATE TABLE flags (_cf_flag INTEGER)",
      "SELECT * FROM sqlite_schema WHERE name = '_cf_KV'",
    ]) {
      expect(check(sql), sql).not.toThrow();
    }
  });

  it("are left out of schema listings only", () => {
    expect(listsSchema(splitStatements('SELECT * FROM "main".sqlite_schema')[0]!)).toBe(true);
    expect(listsSchema(splitStatements("PRAGMA table_list")[0]!)).toBe(true);
    expect(listsSchema(splitStatements("SELECT name FROM users")[0]!)).toBe(false);
    const rows = [
      ["table", "todo", "todo"],
      ["table", "_cf_KV", "_cf_KV"],
      ["index", "i", "_cf_KV"],
      ["main", "_CF_METADATA", "table"],
    ];
    expect(hidePlatformRows(rows)).toEqual([["table", "todo", "todo"]]);
  });
});

describe("withPlatformSchemaHidden", () => {
  const VISIBLE =
    "(SELECT * FROM \"main\".sqlite_schema WHERE lower(substr(name, 1, 4)) <> '_cf_' AND lower(substr(tbl_name, 1, 4)) <> '_cf_')";
  const hidden = (sql: string) => withPlatformSchemaHidden(sql, splitStatements(sql));

  it("reads every table reference to the schema without the platform's rows, under the same name", () => {
    expect(hidden('SELECT * FROM "main".sqlite_schema;')).toBe(`SELECT * FROM ${VISIBLE} AS sqlite_schema;`);
    expect(hidden("SELECT sql FROM sqlite_master WHERE type = 'table'")).toBe(
      `SELECT sql FROM ${VISIBLE} AS sqlite_master WHERE type = 'table'`,
    );
    expect(hidden("SELECT m.name FROM main.sqlite_master AS m")).toBe(`SELECT m.name FROM ${VISIBLE} AS m`);
    expect(hidden("SELECT s.name FROM todo t, sqlite_schema s")).toBe(`SELECT s.name FROM todo t, ${VISIBLE} s`);
    expect(hidden("SELECT * FROM (SELECT name FROM sqlite_schema)")).toBe(
      `SELECT * FROM (SELECT name FROM ${VISIBLE} AS sqlite_schema)`,
    );
    expect(hidden("SELECT sqlite_schema.name FROM sqlite_schema JOIN todo")).toBe(
      `SELECT sqlite_schema.name FROM ${VISIBLE} AS sqlite_schema JOIN todo`,
    );
  });

  it("leaves everything else as it is", () => {
    for (const sql of [
      "SELECT * FROM todo",
      "SELECT * FROM temp.sqlite_schema",
      "SELECT 'FROM sqlite_schema'",
      "SELECT a, sqlite_schema FROM t",
      "SELECT * FROM pragma_table_list",
    ]) {
      expect(hidden(sql), sql).toBe(sql);
    }
  });
});

describe("outerbaseConnection", () => {
  it("gives the URL for Outerbase's StarbaseDB connection, encoded, without any token", () => {
    const connection = outerbaseConnection({
      origin: "https://app.example.com/some/page?x=1",
      binding: "USERS",
      name: "team/alice",
    });
    expect(connection.url).toBe("https://app.example.com/sqlite/USERS/team%2Falice");
    expect(connection.type).toBe("StarbaseDB");
    expect(connection.steps.join("\n")).toContain("https://app.example.com/sqlite/USERS/team%2Falice/query/raw");
    expect(
      outerbaseConnection({
        origin: "http://127.0.0.1:8787",
        binding: "MASTER",
        name: "master-0",
        basePath: "/admin/db/",
      }).url,
    ).toBe("http://127.0.0.1:8787/admin/db/MASTER/master-0");
  });

  it("refuses a bad origin, binding or name with a 400", () => {
    expect(() => outerbaseConnection({ origin: "javascript:alert(1)", binding: "USERS", name: "a" })).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => outerbaseConnection({ origin: "not a url", binding: "USERS", name: "a" })).toThrow(
      expect.objectContaining({ code: "bad_origin" }),
    );
    expect(() => outerbaseConnection({ origin: "https://a.example", binding: "US/ERS", name: "a" })).toThrow(
      expect.objectContaining({ code: "bad_binding" }),
    );
    expect(() => outerbaseConnection({ origin: "https://a.example", binding: "USERS", name: "" })).toThrow(
      expect.objectContaining({ code: "bad_user_name" }),
    );
  });
});
