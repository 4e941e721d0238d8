// Durable Objects that exercise export, import and deletion: two classes whose
// migrations overlap (the target's include the source's), one that lacks a
// plugin's, and every kind of table and value SQLite keeps.
import { type Migration, type PluginContext, UserDO, definePlugin, withPlugins } from "../src/index.js";

/** A plugin with a table of its own, which an export must carry. */
export const stamps = definePlugin({
  name: "stamps",
  migrations: [{ name: "001_stamps", up: "CREATE TABLE _userdo_stamps (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)" }],
  methods: {
    stamp(this: PluginContext, at: number) {
      this.sync.exec("INSERT INTO _userdo_stamps (at) VALUES (?)", at);
      this.log("info", "stamped", { at });
    },
  },
});

export const dataMigrations: Migration[] = [
  // An INTEGER PRIMARY KEY (the rowid), every storage class, values JSON would bend.
  {
    name: "001_items",
    up: "CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL, big INTEGER, raw BLOB, loose)",
  },
  // A rowid table without an alias (its rowids must survive), an index, AUTOINCREMENT, WITHOUT ROWID.
  { name: "002_notes", up: "CREATE TABLE notes (body TEXT, data BLOB); CREATE INDEX notes_body ON notes (body)" },
  { name: "003_events", up: "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)" },
  {
    name: "004_tags",
    up: "CREATE TABLE tags (k TEXT NOT NULL, n INTEGER NOT NULL, v, PRIMARY KEY (k, n)) WITHOUT ROWID",
  },
  { name: "005_view", up: "CREATE VIEW cheap AS SELECT id, title FROM items WHERE price < 10" },
  // An aggregate a trigger keeps: an import must not count the imported rows again.
  {
    name: "006_counted",
    up: `CREATE TABLE item_count (k INTEGER PRIMARY KEY CHECK (k = 1), n INTEGER NOT NULL);
      CREATE TRIGGER items_counted AFTER INSERT ON items BEGIN
        INSERT INTO item_count VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET n = n + 1; END`,
  },
];

class DataObject extends withPlugins(UserDO<Cloudflare.Env>, stamps) {
  /** Runs SQL and answers its rows (values as SQLite hands them, ArrayBuffers for BLOBs). */
  run(query: string, ...params: (string | number | null | ArrayBuffer)[]) {
    return this.ctx.storage.sql.exec(query, ...params).toArray();
  }

  /** Fills `notes` with `rows` rows of `bytes` random bytes each, in one statement. */
  generate(rows: number, bytes: number) {
    this.ctx.storage.sql.exec(
      `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
       INSERT INTO notes (body, data) SELECT 'note ' || i, randomblob(?) FROM c`,
      rows,
      bytes,
    );
    return this.ctx.storage.sql.databaseSize;
  }

  tableNames() {
    return this.ctx.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .toArray()
      .map((r) => r.name);
  }

  alarmAt() {
    return this.ctx.storage.getAlarm();
  }
}

/** The source class: its migrations, and the stamps plugin's. */
export class DataSourceDO extends DataObject {
  static override migrations = dataMigrations;
}

/** Another class whose migrations include the source's, and one more. */
export class DataTargetDO extends DataObject {
  static override migrations: Migration[] = [
    ...dataMigrations,
    { name: "007_extra", up: "CREATE TABLE extra (x TEXT); CREATE INDEX items_title ON items (title)" },
  ];
}

/** A class without the stamps plugin: an export of the source cannot go there. */
export class DataNoStampsDO extends UserDO<Cloudflare.Env> {
  static override migrations = dataMigrations;
}
