import { env, runInDurableObject } from "cloudflare:test";
import type { CompiledQuery, Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";

// Tables with what makes counts differ: an index and a trigger (rowsWritten
// counts their writes; changes() does not), a WITHOUT ROWID table (no rowid
// to return) and a virtual table (FTS5: RETURNING refused on UPDATE, rowid
// picked after RETURNING on INSERT).
const SETUP = `
CREATE TABLE item (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, v INTEGER NOT NULL);
CREATE INDEX item_v ON item (v);
CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT NOT NULL);
CREATE TRIGGER item_audit AFTER UPDATE ON item BEGIN INSERT INTO audit (what) VALUES ('u' || NEW.id); END;
CREATE TABLE copy (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v INTEGER NOT NULL);
CREATE TABLE pair (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE VIRTUAL TABLE doc USING fts5(body);`;

interface AnyDB {
  item: { id?: number; k: string; v: number };
  audit: { id?: number; what: string };
  copy: { id?: number; k: string; v: number };
  pair: { a: string; b: string };
  doc: { rowid?: number; body: string };
}

// Each write as a user writes it with this.db; run in order on a fresh object.
const WRITES: [string, (db: Kysely<AnyDB>) => { compile(): CompiledQuery }][] = [
  ["insert one", (db) => db.insertInto("item").values({ k: "a", v: 1 })],
  [
    "insert three",
    (db) =>
      db.insertInto("item").values([
        { k: "b", v: 2 },
        { k: "c", v: 3 },
        { k: "d", v: 4 },
      ]),
  ],
  [
    "insert explicit ids, high then low",
    (db) =>
      db.insertInto("item").values([
        { id: 50, k: "e", v: 5 },
        { id: 40, k: "f", v: 6 },
      ]),
  ],
  [
    "insert ... select",
    (db) =>
      db
        .insertInto("copy")
        .columns(["k", "v"])
        .expression(db.selectFrom("item").select(["k", "v"])),
  ],
  ["update several (index and trigger write too)", (db) => db.updateTable("item").set({ v: 10 }).where("v", ">", 3)],
  ["update none", (db) => db.updateTable("item").set({ v: 0 }).where("k", "=", "nobody")],
  ["delete two", (db) => db.deleteFrom("copy").where("v", "<", 3)],
  ["insert WITHOUT ROWID", (db) => db.insertInto("pair").values({ a: "x", b: "y" })],
  ["delete WITHOUT ROWID", (db) => db.deleteFrom("pair").where("a", "=", "x")],
  ["insert into a virtual table", (db) => db.insertInto("doc").values({ body: "hello world" })],
  ["update a virtual table", (db) => db.updateTable("doc").set({ body: "bye" }).where("body", "=", "hello world")],
];

type Counts = { numAffectedRows?: bigint; insertId?: bigint; rows: number };

/** The reference: the statement as Kysely compiled it, then SQLite's own counts in a second statement. */
function reference(sql: SqlStorage, query: CompiledQuery): Counts {
  sql.exec(query.sql, ...(query.parameters as SqlStorageValue[]));
  const info = sql.exec<{ c: number; id: number }>("SELECT changes() AS c, last_insert_rowid() AS id").one();
  const counts: Counts = { numAffectedRows: BigInt(info.c), rows: 0 };
  if (query.query.kind === "InsertQueryNode") counts.insertId = BigInt(info.id);
  return counts;
}

function tables(sql: SqlStorage) {
  return Object.fromEntries(
    ["item", "audit", "copy", "pair"].map((t) => [t, sql.exec(`SELECT * FROM ${t} ORDER BY 1, 2`).toArray()]),
  );
}

describe("this.db writes: one statement, SQLite's own counts", () => {
  it("answers the insertId and numAffectedRows a second statement would, in one statement per write", async () => {
    const expected = await runInDurableObject(userStub(env.TODO, "writes-reference"), (instance, state) => {
      state.storage.sql.exec(SETUP);
      const db = instance.db as unknown as Kysely<AnyDB>;
      const counts = WRITES.map(([, write]) => reference(state.storage.sql, write(db).compile()));
      return { counts, tables: tables(state.storage.sql) };
    });
    const actual = await runInDurableObject(userStub(env.TODO, "writes-subject"), async (instance, state) => {
      state.storage.sql.exec(SETUP);
      const db = instance.db as unknown as Kysely<AnyDB>;
      const sql = state.storage.sql;
      const exec = sql.exec;
      const statements: number[] = [];
      const counts: Counts[] = [];
      try {
        let n = 0;
        sql.exec = ((...args: Parameters<SqlStorage["exec"]>) => {
          n++;
          return exec.apply(sql, args);
        }) as SqlStorage["exec"];
        for (const [, write] of WRITES) {
          n = 0;
          const result = await db.executeQuery(write(db).compile());
          statements.push(n);
          const c: Counts = { rows: result.rows.length };
          if (result.numAffectedRows !== undefined) c.numAffectedRows = result.numAffectedRows;
          if (result.insertId !== undefined) c.insertId = result.insertId;
          counts.push(c);
        }
      } finally {
        sql.exec = exec;
      }
      return { counts, statements, tables: tables(sql) };
    });
    expect(actual.tables).toEqual(expected.tables);
    for (let i = 0; i < WRITES.length; i++)
      expect([WRITES[i]![0], actual.counts[i]]).toEqual([WRITES[i]![0], expected.counts[i]]);
    // One statement each, except: SQLite refuses RETURNING rowid on a WITHOUT ROWID table and
    // RETURNING on a virtual table's UPDATE (the refused try, then the write and its counts);
    // a virtual table's INSERT answers its rowid only after RETURNING, so it is read after.
    expect(Object.fromEntries(WRITES.map(([name], i) => [name, actual.statements[i]]))).toEqual({
      "insert one": 1,
      "insert three": 1,
      "insert explicit ids, high then low": 1,
      "insert ... select": 1,
      "update several (index and trigger write too)": 1,
      "update none": 1,
      "delete two": 1,
      "insert WITHOUT ROWID": 3,
      "delete WITHOUT ROWID": 1,
      "insert into a virtual table": 2,
      "update a virtual table": 3,
    });
  });

  it("answers no insertId when an upsert inserted nothing, and the upserted row's id when it updated", async () => {
    const result = await runInDurableObject(userStub(env.TODO, "writes-upsert"), async (instance, state) => {
      state.storage.sql.exec(SETUP);
      const db = instance.db as unknown as Kysely<AnyDB>;
      await db.insertInto("item").values({ id: 7, k: "a", v: 1 }).execute();
      await db.insertInto("audit").values({ what: "later insert" }).execute(); // last_insert_rowid() is now audit's 1
      const ignored = await db
        .insertInto("item")
        .values({ k: "a", v: 2 })
        .onConflict((oc) => oc.column("k").doNothing())
        .executeTakeFirstOrThrow();
      const upserted = await db
        .insertInto("item")
        .values({ k: "a", v: 3 })
        .onConflict((oc) => oc.column("k").doUpdateSet({ v: 3 }))
        .executeTakeFirstOrThrow();
      return { ignored: { ...ignored }, upserted: { ...upserted } };
    });
    expect(result).toEqual({
      ignored: { insertId: undefined, numInsertedOrUpdatedRows: 0n },
      upserted: { insertId: 7n, numInsertedOrUpdatedRows: 1n },
    });
  });

  it("answers Kysely's shapes: InsertResult, UpdateResult, DeleteResult, rows for SELECT and RETURNING", async () => {
    const shapes = await runInDurableObject(userStub(env.TODO, "writes-shapes"), async (instance, state) => {
      state.storage.sql.exec(SETUP);
      const db = instance.db as unknown as Kysely<AnyDB>;
      const insert = await db.insertInto("item").values({ k: "a", v: 1 }).execute();
      const returned = await db.insertInto("item").values({ k: "b", v: 2 }).returning(["id", "k"]).execute();
      const update = await db.updateTable("item").set({ v: 9 }).execute();
      const select = await db.selectFrom("item").select(["id", "v"]).orderBy("id").execute();
      const del = await db.deleteFrom("item").where("k", "=", "a").executeTakeFirstOrThrow();
      return {
        insert: insert.map((r) => ({ ...r, type: r.constructor.name })),
        returned,
        update: update.map((r) => ({ ...r, type: r.constructor.name })),
        select,
        del: { ...del, type: del.constructor.name },
      };
    });
    expect(shapes).toEqual({
      insert: [{ insertId: 1n, numInsertedOrUpdatedRows: 1n, type: "InsertResult" }],
      returned: [{ id: 2, k: "b" }],
      update: [{ numUpdatedRows: 2n, numChangedRows: undefined, type: "UpdateResult" }],
      select: [
        { id: 1, v: 9 },
        { id: 2, v: 9 },
      ],
      del: { numDeletedRows: 1n, type: "DeleteResult" },
    });
  });

  it("does not retry a write whose trigger's own message mentions RETURNING", async () => {
    const outcome = await runInDurableObject(userStub(env.TODO, "writes-raise"), async (instance, state) => {
      state.storage.sql.exec(SETUP);
      state.storage.sql.exec(
        "CREATE TRIGGER no_z BEFORE INSERT ON item WHEN NEW.k = 'z' BEGIN SELECT RAISE(ABORT, 'the app says: no such column: rowid, RETURNING is not available on virtual tables'); END",
      );
      const db = instance.db as unknown as Kysely<AnyDB>;
      const sql = state.storage.sql;
      const exec = sql.exec;
      let statements = 0;
      sql.exec = ((...args: Parameters<SqlStorage["exec"]>) => {
        statements++;
        return exec.apply(sql, args);
      }) as SqlStorage["exec"];
      try {
        const error = await db
          .insertInto("item")
          .values({ k: "z", v: 1 })
          .execute()
          .catch((e: Error) => e.message);
        return { error, statements };
      } finally {
        sql.exec = exec;
      }
    });
    expect(outcome).toEqual({ error: expect.stringContaining("the app says"), statements: 1 });
  });

  it("throws SQLite's error for a failing write and writes nothing of it", async () => {
    const after = await runInDurableObject(userStub(env.TODO, "writes-fail"), async (instance, state) => {
      state.storage.sql.exec(SETUP);
      const db = instance.db as unknown as Kysely<AnyDB>;
      await db.insertInto("item").values({ k: "a", v: 1 }).execute();
      const error = await db
        .insertInto("item")
        .values([
          { k: "b", v: 2 },
          { k: "a", v: 3 },
        ])
        .execute()
        .catch((e: Error) => e.message);
      return { error, rows: state.storage.sql.exec("SELECT k FROM item ORDER BY k").toArray() };
    });
    expect(after).toEqual({ error: expect.stringMatching(/UNIQUE constraint failed: item\.k/), rows: [{ k: "a" }] });
  });
});
