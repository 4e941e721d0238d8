// Durable Objects that exercise @userdo/core in the tests, written as a user would.
import { DurableObject } from "cloudflare:workers";
import { type Generated, sql } from "kysely";
import {
  type Migration,
  type Param,
  type PluginContext,
  UserDO,
  definePlugin,
  prepare,
  queryBuilder,
  withPlugins,
} from "../src/index.js";

export interface TodoDB {
  todo: { id: Generated<number>; title: string; done: number; note: string | null };
}

const qb = queryBuilder<TodoDB>();
const todoById = prepare(qb, (db, p: Param<{ id: number }>) =>
  db.selectFrom("todo").selectAll().where("id", "=", p("id")),
);
const insertTodo = prepare(qb, (db, p: Param<{ title: string }>) =>
  db.insertInto("todo").values({ title: p("title"), done: 0 }),
);
const listTitles = prepare(qb, (db, p: Param<{ limit: number }>) =>
  db.selectFrom("todo").select(["id", "title"]).orderBy("id").limit(p("limit")),
);

export const todoMigrations: Migration[] = [
  {
    name: "001_todo",
    up: (db) =>
      db.schema
        .createTable("todo")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("done", "integer", (c) => c.notNull().defaultTo(0)),
  },
  { name: "002_note", up: "ALTER TABLE todo ADD COLUMN note TEXT" },
];

export class TodoDO extends UserDO<Cloudflare.Env, TodoDB> {
  static override migrations = todoMigrations;

  async add(title: string) {
    this.log("info", "todo added", { title });
    return this.db.insertInto("todo").values({ title, done: 0 }).returningAll().executeTakeFirstOrThrow();
  }

  async list() {
    return this.db.selectFrom("todo").selectAll().orderBy("id").execute();
  }

  async rename(id: number, title: string) {
    const result = await this.db.updateTable("todo").set({ title }).where("id", "=", id).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  getPrepared(id: number) {
    return this.sync.first(todoById, { id }) ?? null;
  }

  /** The first of several rows, through a prepared query and through a builder. */
  firstTitle() {
    return {
      prepared: this.sync.first(listTitles, { limit: 100 })?.title,
      builder: this.sync.first(this.db.selectFrom("todo").select("title").orderBy("id"))?.title,
    };
  }

  /**
   * Runs `SELECT '<x...>'` whose SQL text is exactly `bytes` bytes long, on one of
   * the three query paths; answers the length of the text it selected.
   */
  async selectOfBytes(bytes: number, path: "sync.exec" | "db" | "prepared"): Promise<number> {
    const build = (x: string) => this.db.selectNoFrom(sql.raw<string>(`'${x}'`).as("s"));
    const fill = (base: number) => "x".repeat(bytes - base);
    let row: { s: string } | undefined;
    if (path === "sync.exec") {
      row = this.sync.exec<{ s: string }>(`SELECT '${fill("SELECT '' AS s".length)}' AS s`).one();
    } else if (path === "db") {
      row = await build(fill(build("").compile().sql.length)).executeTakeFirst();
    } else {
      const x = fill(build("").compile().sql.length);
      row = this.sync.first(
        prepare(this.db, () => build(x)),
        {},
      );
    }
    return row!.s.length;
  }

  titles(limit: number) {
    return { objects: this.sync.all(listTitles, { limit }), arrays: this.sync.raw(listTitles, { limit }) };
  }

  /** Inserts every title in one transaction; a title "FAIL" aborts all of them. */
  addAll(titles: string[]) {
    return this.transactionSync(() => {
      for (const title of titles) {
        if (title === "FAIL") throw new Error("refused FAIL");
        this.sync.run(insertTodo, { title });
      }
      return this.sync.first(this.db.selectFrom("todo").select((eb) => eb.fn.countAll<number>().as("n")))!.n;
    });
  }

  async asyncTransactionFails(title: string) {
    await this.transaction(async () => {
      await this.db.insertInto("todo").values({ title, done: 0 }).execute();
      throw new Error("rolled back");
    });
  }

  kyselyTransaction() {
    return this.db.transaction().execute(async () => 1);
  }

  rawExec(sql: string, params: unknown[]) {
    return this.sync.exec(sql, ...params).toArray();
  }

  insertNote(note: string | Uint8Array) {
    return this.sync.run(this.db.insertInto("todo").values({ title: "n", done: 0, note: note as string }));
  }

  whoAmI() {
    return this.name;
  }

  logData(level: "debug" | "info" | "warn" | "error", message: string, data?: unknown) {
    this.log(level, message, data);
  }

  logCircular() {
    const a: Record<string, unknown> = { n: 1n, f: () => 1 };
    a.self = a;
    this.log("warn", "circular", a);
    this.log("info", "huge", "x".repeat(100_000));
    this.log("info", "throwing getter", {
      get boom() {
        throw new Error("getter threw");
      },
    });
  }

  async armAlarm(delayMs: number) {
    await this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  override async alarm() {
    this.log("info", "alarm ran", { name: this.name });
  }

  metaRows() {
    return this.ctx.storage.sql.exec("SELECT key, value FROM _userdo_meta ORDER BY key").toArray();
  }

  tables() {
    return this.ctx.storage.sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '_cf_%' ORDER BY name",
      )
      .toArray()
      .map((r) => r.name);
  }
}

/** Retention small enough to see pruning. */
export class SmallLogDO extends UserDO<Cloudflare.Env> {
  static override logRetention = { maxRows: 10, pruneEvery: 5 };
  write(count: number) {
    for (let i = 0; i < count; i++) this.log("info", `entry ${i}`);
  }
  count() {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_log").one().n;
  }
}

// ---- A class whose migration list the tests swap, as successive deploys would.

let currentMigrations: readonly Migration[] = [];

/** Stands in for deploying code with another migration list. */
export function deployMigrations(list: readonly Migration[]): void {
  currentMigrations = list;
}

export class VersionedDO extends UserDO<Cloudflare.Env> {
  tables() {
    return this.ctx.storage.sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '_cf_%' ORDER BY name",
      )
      .toArray()
      .map((r) => r.name);
  }
  sql(query: string) {
    return this.ctx.storage.sql.exec(query).toArray();
  }
}
Object.defineProperty(VersionedDO, "migrations", { get: () => currentMigrations });

// ---- Plugins, on a UserDO and on a plain DurableObject.

export const visits = definePlugin({
  name: "visits",
  migrations: [{ name: "001_visits", up: "CREATE TABLE _userdo_visits (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)" }],
  methods: {
    visit(this: PluginContext) {
      this.sync.exec("INSERT INTO _userdo_visits (at) VALUES (?)", Date.now());
      this.log("debug", "visit");
      return this.sync.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_visits").one().n;
    },
    visitorName(this: PluginContext) {
      return this.name;
    },
  },
});

export const greetings = definePlugin({
  name: "greetings",
  migrations: [{ name: "001_greetings", up: "CREATE TABLE _userdo_greetings (text TEXT NOT NULL)" }],
  methods: {
    greet(this: PluginContext, who: string): string {
      this.sync.exec("INSERT INTO _userdo_greetings VALUES (?)", who);
      return `hello ${who}`;
    },
  },
});

export class AppWithPlugins extends withPlugins(UserDO<Cloudflare.Env, TodoDB>, visits, greetings) {
  static override migrations = todoMigrations;
  migrationIds() {
    return this.migrationsApplied().map((m) => m.id);
  }
}

/** An existing Durable Object that knows nothing of userdo. */
class Counter extends DurableObject<Cloudflare.Env> {
  count = 0;
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS counter (n INTEGER NOT NULL)");
  }
  increment() {
    this.ctx.storage.sql.exec("INSERT INTO counter VALUES (1)");
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM counter").one().n;
  }
  tables() {
    return this.ctx.storage.sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '_cf_%' ORDER BY name",
      )
      .toArray()
      .map((r) => r.name);
  }
}

export class CounterWithVisits extends withPlugins(Counter, visits) {}

/** Fresh, empty storage: the schema tests apply a plan to it by hand. */
export class EmptyDO extends DurableObject<Cloudflare.Env> {}

export default {
  async fetch(): Promise<Response> {
    return new Response("userdo core test worker");
  },
} satisfies ExportedHandler<Cloudflare.Env>;
// Named, so `wrangler types` sees each Durable Object class of wrangler.test.jsonc.
export { StudioTodoDO, NoStudioDO } from "./studio-fixtures.js";
export { SchedulerDO, AlarmClockWithTasks } from "./scheduler-fixtures.js";
export {
  RepTodoDO,
  ShardedTodoDO,
  D1TodoDO,
  NoEraseTodoDO,
  LateTodoDO,
  StrictMasterDO,
  FlakyMasterDO,
  MasterDO,
} from "./replication-fixtures.js";
export { DataSourceDO, DataTargetDO, DataNoStampsDO } from "./data-fixtures.js";
