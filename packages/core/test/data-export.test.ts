import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { awkwardBytes, exportText, importText, parseExport } from "./data-helpers.js";

type Stub = DurableObjectStub<import("./data-fixtures.js").DataSourceDO>;

const source = (name: string) => env.DATA_SOURCE.get(env.DATA_SOURCE.idFromName(name)) as Stub;
const target = (name: string) => env.DATA_TARGET.get(env.DATA_TARGET.idFromName(name)) as unknown as Stub;

/** A source with every kind of table and the values JSON would bend. */
async function fill(stub: Stub) {
  const blob = awkwardBytes();
  await stub.run(
    "INSERT INTO items (id, title, price, big, raw, loose) VALUES (?, ?, ?, ?, ?, ?)",
    1,
    "milk",
    2.5,
    7,
    blob,
    1.5,
  );
  await stub.run(
    "INSERT INTO items VALUES (2, ?, CAST(3 AS REAL), 9007199254740993, x'', CAST(2 AS REAL))",
    'é ✓ "quoted"\nline two\u2028',
  );
  await stub.run("INSERT INTO items VALUES (3, 'edges', 1e999, -9223372036854775808, NULL, -1e999)");
  await stub.run("INSERT INTO items VALUES (4, 'text in a loose column', NULL, NULL, NULL, 'x')");
  await stub.run("INSERT INTO notes (rowid, body, data) VALUES (5, 'five', ?), (9, NULL, NULL)", blob);
  await stub.run("INSERT INTO events (what) VALUES ('a'), ('b'), ('c')");
  await stub.run("DELETE FROM events WHERE id = 3");
  await stub.run("INSERT INTO tags VALUES ('b', 2, 'two'), ('a', 1, x'00ff'), ('a', 2, 2.0)");
  await stub.stamp(1_700_000_000_000);
  return blob;
}

const typed =
  "SELECT id, typeof(price) AS p, typeof(big) AS b, typeof(raw) AS r, typeof(loose) AS l, CAST(big AS TEXT) AS bt, price, loose FROM items ORDER BY id";

describe("export and import", () => {
  it("round trips a database byte for byte into another class whose migrations include the source's", async () => {
    const from = source("rt-alice");
    const blob = await fill(from);
    const exported = await exportText(from);
    const { header, rows, trailer } = parseExport(exported.text);
    expect(header).toMatchObject({ format: "userdo-export", version: 1, source: "rt-alice" });
    expect(header.migrations.map((m) => m.id)).toEqual([
      "log/001_log",
      "scheduler/001_tasks",
      "replication/001_outbox",
      "stamps/001_stamps",
      "app/001_items",
      "app/002_notes",
      "app/003_events",
      "app/004_tags",
      "app/005_view",
      "app/006_counted",
    ]);
    expect(header.tables.map((t) => t.name)).not.toContain("_userdo_migrations");
    expect(header.tables.find((t) => t.name === "notes")!.rowid).toBe(true);
    expect(header.sequences.events).toBe(3);
    expect(trailer).toMatchObject({ end: true, rows: exported.summary.rows });
    expect(rows.get("_userdo_stamps")).toHaveLength(1);

    const to = target("rt-alice");
    const imported = await importText(to, exported.text);
    expect(imported).toMatchObject({
      exportId: header.id,
      source: "rt-alice",
      rows: exported.summary.rows,
      alreadyImported: false,
    });

    const again = parseExport((await exportText(to)).text);
    for (const [table, lines] of rows) {
      if (table === "_userdo_log") continue;
      expect(again.rows.get(table), table).toEqual(lines);
    }
    // The log: the source's lines, then the import's own.
    const log = again.rows.get("_userdo_log")!;
    expect(log.slice(0, rows.get("_userdo_log")!.length)).toEqual(rows.get("_userdo_log"));
    expect(log.slice(rows.get("_userdo_log")!.length).map((l) => JSON.parse(l).r[3])).toEqual(["database imported"]);
    for (const entry of header.schema) expect(again.header.schema).toContainEqual(entry);
    expect(again.header.sequences.events).toBe(3);

    // What SQLite itself holds: storage classes, the large integers, the BLOBs, the rowids.
    expect(await to.run(typed)).toEqual(await from.run(typed));
    const [raw] = (await to.run("SELECT raw FROM items WHERE id = 1")) as { raw: ArrayBuffer }[];
    expect(new Uint8Array(raw!.raw)).toEqual(new Uint8Array(blob));
    expect(await to.run("SELECT rowid, body, hex(data) AS d FROM notes ORDER BY rowid")).toEqual(
      await from.run("SELECT rowid, body, hex(data) AS d FROM notes ORDER BY rowid"),
    );
    expect(await to.run("SELECT k, n, typeof(v) AS t, hex(v) AS h FROM tags ORDER BY k, n")).toEqual(
      await from.run("SELECT k, n, typeof(v) AS t, hex(v) AS h FROM tags ORDER BY k, n"),
    );
    // The trigger-kept count came with the rows, not again from the trigger, and the trigger is back.
    expect(await to.run("SELECT n FROM item_count")).toEqual([{ n: 4 }]);
    await to.run("INSERT INTO items (id, title) VALUES (50, 'after import')");
    expect(await to.run("SELECT n FROM item_count")).toEqual([{ n: 5 }]);
    await to.run("INSERT INTO events (what) VALUES ('next')");
    expect(await to.run("SELECT max(id) AS id FROM events")).toEqual([{ id: 4 }]);
  });

  it("answers a rerun of the same export without writing, and refuses another export into a used object", async () => {
    const from = source("rerun");
    await fill(from);
    const { text } = await exportText(from);
    const to = target("rerun");
    const first = await importText(to, text);
    const before = await to.run("SELECT count(*) AS n FROM items");
    expect(await importText(to, text)).toMatchObject({ exportId: first.exportId, rows: 0, alreadyImported: true });
    expect(await to.run("SELECT count(*) AS n FROM items")).toEqual(before);
    const other = (await exportText(from)).text;
    await expect(importText(to, other)).rejects.toThrow(/table "[a-z_]+" already has rows: .*replace/);
    // Replacing resets the object, then fills it: the other export's rows, once.
    await from.run("INSERT INTO items (id, title) VALUES (77, 'only in the second export')");
    const second = (await exportText(from)).text;
    expect(await to.importDatabase(new Response(second).body!, { replace: true })).toMatchObject({
      alreadyImported: false,
    });
    expect(await to.run("SELECT count(*) AS n FROM items")).toEqual([{ n: 5 }]);
    expect(await to.run("SELECT n FROM item_count")).toEqual([{ n: 5 }]);
  });

  it("refuses a class that lacks a migration, or has it edited, naming it, and writes nothing", async () => {
    const from = source("mismatch");
    await fill(from);
    const { text } = await exportText(from);
    const noStamps = env.DATA_NO_STAMPS.get(env.DATA_NO_STAMPS.idFromName("mismatch")) as unknown as Stub;
    await expect(importText(noStamps, text)).rejects.toThrow(
      /migration "stamps\/001_stamps" of the export is not applied here/,
    );
    // Back the other way: the superset's extra migration is missing at the source's class.
    const wider = target("wider");
    await wider.run("INSERT INTO extra VALUES ('x')");
    await expect(importText(source("wider-into-narrow"), (await exportText(wider)).text)).rejects.toThrow(
      /migration "app\/007_extra" of the export is not applied here/,
    );
    const edited = text.replace(
      /"id":"app\/002_notes","checksum":"[0-9a-f]{4}/,
      '"id":"app/002_notes","checksum":"0000',
    );
    const fresh = target("edited");
    await expect(importText(fresh, edited)).rejects.toThrow(/migration "app\/002_notes" differs here/);
    expect(await fresh.run("SELECT count(*) AS n FROM items")).toEqual([{ n: 0 }]);
  });

  it("is all or nothing: an export cut short, or a row refused, leaves the object empty and ready", async () => {
    const from = source("partial");
    await fill(from);
    await from.run(
      "WITH RECURSIVE c(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) INSERT INTO items (id, title) SELECT i, 'row ' || i FROM c",
    );
    const { text } = await exportText(from);
    const to = target("partial");
    const lines = text.split("\n");
    await expect(importText(to, lines.slice(0, -2).join("\n"))).rejects.toThrow(/cut short/);
    expect(
      await to.run(
        "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM notes) + (SELECT count(*) FROM _userdo_stamps) AS n",
      ),
    ).toEqual([{ n: 0 }]);
    const broken = lines.map((line) => line.replace('"r":[1500,"row 1500"', '"r":[1500,null'));
    await expect(importText(to, broken.join("\n"))).rejects.toThrow(/a row of "items" was refused: .*NOT NULL/);
    expect(await to.run("SELECT count(*) AS n FROM items")).toEqual([{ n: 0 }]);
    await expect(importText(to, "not json\n")).rejects.toThrow(/first line is not JSON/);
    await expect(importText(to, text.replace('"version":1', '"version":9'))).rejects.toThrow(/version 9/);
    expect(await importText(to, text)).toMatchObject({ alreadyImported: false });
    expect(await to.run("SELECT count(*) AS n FROM items")).toEqual([{ n: 1995 }]);
  });

  it("is a consistent snapshot while the object keeps serving: writes during the export are not in it", {
    timeout: 30_000,
  }, async () => {
    const from = source("snapshot");
    await from.run(
      "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000) INSERT INTO items (id, title, raw) SELECT i, printf('%0500d', i), x'0102' FROM c",
    );
    await from.run("INSERT INTO notes (rowid, body) VALUES (1, 'one'), (2, 'two')");
    await from.run("INSERT INTO tags VALUES ('k', 1, 'before')");
    const expected = (await exportText(from)).text;
    const { readable, writable } = new IdentityTransformStream();
    let exported = false;
    const done = from.exportDatabase(writable).then((summary) => {
      exported = true;
      return summary;
    });
    const reader = readable.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    // Every kind of change, to rows already exported and to rows still ahead, while the export runs.
    await from.run("UPDATE items SET title = 'changed', raw = NULL WHERE id IN (1, 19999)");
    await from.run("DELETE FROM items WHERE id IN (2, 20000)");
    await from.run("INSERT INTO items (id, title) VALUES (99999, 'late'), (0, 'early')");
    await from.run("UPDATE items SET id = 30000 WHERE id = 10000");
    await from.run("INSERT OR REPLACE INTO notes (rowid, body) VALUES (2, 'replaced')");
    await from.run("UPDATE tags SET v = 'after' WHERE k = 'k'");
    await from.stamp(1);
    expect(exported).toBe(false);
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
    await done;
    const before = parseExport(expected);
    const during = parseExport(text);
    for (const [table, lines] of before.rows) {
      if (table === "_userdo_log") continue;
      expect(during.rows.get(table), table).toEqual(lines);
    }
    expect(during.rows.get("items")).toHaveLength(20_000);
    expect(text).not.toMatch(/late|early|changed|replaced|after/);
    expect(await from.run("SELECT count(*) AS n FROM items")).toEqual([{ n: 20_000 }]);
    // The snapshot's side tables and triggers are gone.
    expect(
      await from.run("SELECT name FROM sqlite_schema WHERE name LIKE '\\_userdo\\_export\\_%' ESCAPE '\\'"),
    ).toEqual([]);
  });

  it("works on a plain Durable Object given plugins", async () => {
    const plain = env.PLAIN.get(env.PLAIN.idFromName("data-plain"));
    await plain.increment();
    await plain.visit();
    const { text } = await exportText(plain);
    const { rows, header } = parseExport(text);
    expect(rows.get("counter")).toEqual(['{"t":"counter","r":[1,1]}']);
    expect(header.tables.map((t) => t.name)).toContain("_userdo_visits");
  });
});
