// Durable Objects that exercise replication, written as a user would, and a
// master into which faults can be injected (stored in its own SQLite).
import type { Generated } from "kysely";
import { d1Sink } from "../src/replication/d1/index.js";
import {
  type IngestResult,
  type Migration,
  MasterDO,
  type ReplicationBatch,
  type ReplicationConfig,
  UserDO,
} from "../src/index.js";

export { MasterDO } from "../src/index.js";

export interface RepDB {
  todo: { id: Generated<number>; title: string; done: number; amount: number };
  account: { id: Generated<number>; plan: string; api_token: string };
  notes: { id: Generated<number>; body: string };
  tags: { name: string; n: number };
  kv: { k: string; v: string };
}

export const repMigrations: Migration[] = [
  {
    name: "001_todo",
    up: "CREATE TABLE todo (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, amount INTEGER NOT NULL DEFAULT 0)",
  },
  {
    name: "002_account",
    up: "CREATE TABLE account (id INTEGER PRIMARY KEY, plan TEXT NOT NULL, api_token TEXT NOT NULL)",
  },
  { name: "003_notes", up: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)" },
  // A rowid table keyed by text (REPLACE deletes and re-inserts), and one WITHOUT ROWID.
  { name: "004_tags", up: "CREATE TABLE tags (name TEXT PRIMARY KEY, n INTEGER NOT NULL)" },
  { name: "005_kv", up: "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID" },
];

/** Short delays so the platform's own alarm drives every flush in the tests. */
const FAST = { flushDelayMs: 5, retry: { backoffMs: 10, maxBackoffMs: 100 } } as const;

/** One random operation of the convergence test. */
export type Op =
  | { readonly op: "insert"; readonly title: string; readonly amount: number; readonly via: "db" | "sync" | "raw" }
  | { readonly op: "update"; readonly pick: number; readonly title: string; readonly via: "db" | "sync" | "raw" }
  | { readonly op: "delete"; readonly pick: number; readonly via: "db" | "sync" | "raw" };

/** A user's object whose todos and account (without its token) replicate. */
class ReplicatedTodos extends UserDO<Cloudflare.Env, RepDB> {
  static override migrations = repMigrations;

  async add(title: string, amount = 0) {
    return this.db.insertInto("todo").values({ title, done: 0, amount }).returningAll().executeTakeFirstOrThrow();
  }

  async setDone(id: number, done: number) {
    await this.db.updateTable("todo").set({ done }).where("id", "=", id).execute();
  }

  async remove(id: number) {
    await this.db.deleteFrom("todo").where("id", "=", id).execute();
  }

  /** Several writes in one synchronous transaction. */
  addMany(titles: string[]) {
    this.transactionSync(() => {
      for (const title of titles) this.sync.run(this.db.insertInto("todo").values({ title, done: 0, amount: 1 }));
    });
  }

  /** Raw SQL on the platform's handle, as the studio or hand-written code would run it. */
  raw(query: string, ...params: (string | number | null)[]) {
    return this.ctx.storage.sql.exec(query, ...params).toArray();
  }

  setAccount(plan: string, token: string) {
    this.sync.exec(
      "INSERT INTO account (id, plan, api_token) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, api_token = excluded.api_token",
      plan,
      token,
    );
  }

  rotateToken(token: string) {
    this.sync.exec("UPDATE account SET api_token = ? WHERE id = 1", token);
  }

  /** INSERT OR REPLACE on a text key: SQLite deletes the old row and inserts a new rowid. */
  tag(name: string, n: number) {
    this.sync.exec("INSERT OR REPLACE INTO tags (name, n) VALUES (?, ?)", name, n);
  }

  addNote(body: string) {
    this.sync.exec("INSERT INTO notes (body) VALUES (?)", body);
  }

  /** Applies random operations through all three write paths. */
  async apply(ops: Op[]) {
    for (const o of ops) {
      const ids = this.ctx.storage.sql
        .exec<{ id: number }>("SELECT id FROM todo ORDER BY id")
        .toArray()
        .map((r) => r.id);
      const id = o.op === "insert" || ids.length === 0 ? null : ids[o.pick % ids.length]!;
      if (o.op === "insert") {
        if (o.via === "db")
          await this.db.insertInto("todo").values({ title: o.title, done: 0, amount: o.amount }).execute();
        else if (o.via === "sync") this.sync.exec("INSERT INTO todo (title, amount) VALUES (?, ?)", o.title, o.amount);
        else this.ctx.storage.sql.exec("INSERT INTO todo (title, amount) VALUES (?, ?)", o.title, o.amount);
      } else if (id !== null && o.op === "update") {
        if (o.via === "db") await this.db.updateTable("todo").set({ title: o.title }).where("id", "=", id).execute();
        else if (o.via === "sync")
          this.sync.exec("UPDATE todo SET title = ?, done = 1 - done WHERE id = ?", o.title, id);
        else this.ctx.storage.sql.exec("UPDATE todo SET title = ? WHERE id = ?", o.title, id);
      } else if (id !== null && o.op === "delete") {
        if (o.via === "db") await this.db.deleteFrom("todo").where("id", "=", id).execute();
        else if (o.via === "sync") this.sync.exec("DELETE FROM todo WHERE id = ?", id);
        else this.ctx.storage.sql.exec("DELETE FROM todo WHERE id = ?", id);
      }
    }
  }

  todos() {
    return this.ctx.storage.sql.exec("SELECT id, title, done, amount FROM todo ORDER BY id").toArray();
  }

  accounts() {
    return this.ctx.storage.sql.exec("SELECT * FROM account ORDER BY id").toArray();
  }

  outboxSize() {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_outbox").one().n;
  }

  triggers() {
    return this.ctx.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
      .toArray()
      .map((r) => r.name);
  }

  alarmAt() {
    return this.ctx.storage.getAlarm();
  }
}

/** Replicates into MASTER (one shard), a master that can be told to fail. */
export class RepTodoDO extends ReplicatedTodos {
  static override replication: ReplicationConfig = {
    master: "MASTER",
    tables: [{ table: "todo" }, { table: "account", columns: ["id", "plan"] }, { table: "tags" }],
    ...FAST,
  };
}

/** Replicates into three shards of MASTER_SHARDED, the plain MasterDO. */
export class ShardedTodoDO extends ReplicatedTodos {
  static override replication: ReplicationConfig = {
    master: "MASTER_SHARDED",
    shards: 3,
    tables: [{ table: "todo" }],
    ...FAST,
  };
}

/** Replicates into a D1 database instead of a MasterDO. */
export class D1TodoDO extends ReplicatedTodos {
  static override replication: ReplicationConfig<Cloudflare.Env> = {
    sink: (env) => d1Sink(env.REPLICA_D1),
    tables: [{ table: "todo" }, { table: "account", columns: ["id", "plan"] }],
    ...FAST,
  };
}

/** Replicates through a custom sink that can ingest but not erase (a deletion must be refused). */
export class NoEraseTodoDO extends ReplicatedTodos {
  static override replication: ReplicationConfig<Cloudflare.Env> = {
    sink: (env) => {
      const d1 = d1Sink(env.REPLICA_D1);
      return { ingest: (batch) => d1.ingest(batch) };
    },
    tables: [{ table: "todo" }],
    ...FAST,
  };
}

// ---- A class whose replication the tests switch on, as a later deploy would.

let lateReplication: ReplicationConfig | undefined;

/** Stands in for deploying the class with (or without) replication. */
export function deployLateReplication(config: ReplicationConfig | undefined): void {
  lateReplication = config;
}

let lateMigrations: readonly Migration[] = repMigrations;

/** Stands in for deploying the class with another migration list. */
export function deployLateMigrations(list: readonly Migration[]): void {
  lateMigrations = list;
}

export class LateTodoDO extends ReplicatedTodos {}
Object.defineProperty(LateTodoDO, "replication", { get: () => lateReplication });
Object.defineProperty(LateTodoDO, "migrations", { get: () => lateMigrations });

/** A master that takes only the tables it lists. */
export class StrictMasterDO extends MasterDO<Cloudflare.Env> {
  static override acceptedTables = ["todo"];
}

// ---- A master with faults injected per source: the k-th call of a source fails.

export type Fault = "throw" | "apply-then-throw" | "apply-then-hang";

export class FlakyMasterDO extends MasterDO<Cloudflare.Env> {
  static override migrations: Migration[] = [
    {
      name: "001_faults",
      up: `CREATE TABLE faults (source TEXT NOT NULL, call INTEGER NOT NULL, mode TEXT NOT NULL, PRIMARY KEY (source, call));
           CREATE TABLE calls (source TEXT PRIMARY KEY, n INTEGER NOT NULL);
           CREATE TABLE down (source TEXT PRIMARY KEY)`,
    },
  ];
  readonly #hung: (() => void)[] = [];

  injectFaults(source: string, faults: { call: number; mode: Fault }[]) {
    for (const f of faults)
      this.ctx.storage.sql.exec("INSERT OR REPLACE INTO faults VALUES (?, ?, ?)", source, f.call, f.mode);
  }

  /** While down for a source, every call of that source throws. */
  setDown(source: string, down: boolean) {
    if (down) this.ctx.storage.sql.exec("INSERT OR IGNORE INTO down VALUES (?)", source);
    else this.ctx.storage.sql.exec("DELETE FROM down WHERE source = ?", source);
  }

  calls(source: string) {
    return (
      this.ctx.storage.sql.exec<{ n: number }>("SELECT n FROM calls WHERE source = ?", source).toArray()[0]?.n ?? 0
    );
  }

  /** Lets every hung call answer. */
  release() {
    for (const resolve of this.#hung.splice(0)) resolve();
  }

  override async ingest(batch: ReplicationBatch): Promise<IngestResult> {
    const sql = this.ctx.storage.sql;
    const source = typeof batch?.source === "string" ? batch.source : "";
    const n = sql
      .exec<{ n: number }>(
        "INSERT INTO calls VALUES (?, 1) ON CONFLICT (source) DO UPDATE SET n = n + 1 RETURNING n",
        source,
      )
      .one().n;
    const mode = sql
      .exec<{ mode: Fault }>("SELECT mode FROM faults WHERE source = ? AND call = ?", source, n)
      .toArray()[0]?.mode;
    const down = sql.exec("SELECT 1 FROM down WHERE source = ?", source).toArray().length > 0;
    if (mode === "throw" || down) throw new Error(`injected: master down on call ${n}`);
    const result = await super.ingest(batch);
    if (mode === "apply-then-throw") throw new Error(`injected: answer lost on call ${n}`);
    if (mode === "apply-then-hang") await new Promise<void>((resolve) => this.#hung.push(resolve));
    return result;
  }
}
