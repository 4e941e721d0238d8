// Durable Objects and a Worker handler for the studio tests, written as an app would.
import { DurableObject } from "cloudflare:workers";
import { type Migration, UserDO, memoryAttemptLimit, studioRoute } from "../src/index.js";
import { STUDIO_SCOPED_TOKEN } from "./studio-constants.js";

const studioMigrations: Migration[] = [
  {
    name: "001_tables",
    up: `CREATE TABLE todo (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0);
         CREATE TABLE notes (body TEXT);
         CREATE TABLE files (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, data BLOB);
         CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
         INSERT INTO counter VALUES (1, 0);`,
  },
];

/** A user's object with the tables Outerbase browses: a primary key, a rowid-only table, AUTOINCREMENT and BLOBs. */
export class StudioTodoDO extends UserDO<Cloudflare.Env> {
  static override migrations = studioMigrations;

  seed() {
    this.transactionSync(() => {
      this.sync.exec("INSERT INTO todo (title) VALUES ('buy milk'), ('write tests')");
      this.sync.exec("INSERT INTO notes (body) VALUES ('first'), ('second')");
      this.sync.exec("INSERT INTO files (name, data) VALUES ('bytes', x'00ff10')");
    });
  }

  /** Makes the platform create its `_cf_KV` table, as any use of the KV storage API does. */
  async usePlatformKv() {
    await this.ctx.storage.put("k", "v");
  }

  rows(table: "todo" | "notes" | "files" | "counter") {
    return this.sync.exec(`SELECT * FROM ${table} ORDER BY rowid`).toArray();
  }

  schemaNames() {
    return this.sync
      .exec<{ name: string }>("SELECT name FROM sqlite_schema WHERE name NOT LIKE '_cf_%' ORDER BY name")
      .toArray()
      .map((r) => r.name);
  }

  totalChanges() {
    return this.sync.exec<{ n: number }>("SELECT total_changes() AS n").one().n;
  }
}

/** A Durable Object without userdo: it has no studio. */
export class NoStudioDO extends DurableObject<Cloudflare.Env> {
  ping() {
    return "pong";
  }
}

/**
 * The studio mounted as an app mounts it. Tests call `studioHandler.fetch`
 * directly; the test worker's own `fetch` stays the lead's.
 */
const route = studioRoute<Cloudflare.Env>({
  namespaces: {
    STUDIO_TODO: (env) => env.STUDIO_TODO,
    STUDIO_TODO_RO: { namespace: (env) => env.STUDIO_TODO, readOnly: true },
    PLAIN: (env) => env.PLAIN,
    NO_STUDIO: (env) => env.NO_STUDIO,
  },
  token: (env) => env.STUDIO_TOKEN,
  readOnlyToken: (env) => env.STUDIO_READONLY_TOKEN,
  authorize: (request, _env, target) =>
    request.headers.get("authorization") === `Bearer ${STUDIO_SCOPED_TOKEN}` && target.name === "scoped"
      ? "read-only"
      : null,
  origins: ["https://admin.example.com"],
  // Many tests send wrong tokens on purpose; the default limit has its own tests.
  attemptLimit: memoryAttemptLimit({ attempts: 1_000 }),
});

/** A studio whose secret is not set: nobody gets in. */
const unconfigured = studioRoute<Cloudflare.Env>({
  namespaces: { STUDIO_TODO: (env) => env.STUDIO_TODO },
  // A secret no configuration sets.
  token: (env) => (env as { STUDIO_TOKEN_UNSET?: string }).STUDIO_TOKEN_UNSET,
  basePath: "/unconfigured/",
});

export const studioHandler = {
  async fetch(request: Request, env: Cloudflare.Env, ctx: ExecutionContext): Promise<Response> {
    return (
      (await route(request, env, ctx)) ??
      (await unconfigured(request, env, ctx)) ??
      new Response("not a studio path", { status: 404 })
    );
  },
} satisfies ExportedHandler<Cloudflare.Env>;
