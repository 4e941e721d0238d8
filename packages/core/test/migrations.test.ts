import { abortAllDurableObjects, env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { type Migration, planMigrations, userStub } from "../src/index.js";
import { deployMigrations } from "./worker.js";
import { CORE_MIGRATIONS } from "./scheduler-fixtures.js";

const v1: Migration[] = [{ name: "001_users", up: "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)" }];
const v2: Migration[] = [
  ...v1,
  {
    name: "002_posts",
    up: (db) =>
      db.schema
        .createTable("posts")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("body", "text"),
  },
  { name: "003_email_index", up: (db) => db.schema.createIndex("users_email").on("users").column("email") },
];
const broken: Migration[] = [
  ...v1,
  // Two statements: the first would succeed on its own.
  { name: "002_half", up: "CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1)" },
];
const fixed: Migration[] = [...v1, { name: "002_half", up: "CREATE TABLE half (id INTEGER)" }];

async function deploy(list: Migration[]) {
  // A deploy restarts every object (a broken one cannot be evicted).
  await abortAllDurableObjects();
  deployMigrations(list);
}

afterEach(() => deployMigrations([]));

describe("migrations", () => {
  it("upgrades a database created by an older migration list", async () => {
    const stub = () => userStub(env.VERSIONED, "upgrade"); // fresh after each deploy
    deployMigrations(v1);
    expect(await stub().tables()).toContain("users");
    await stub().sql("INSERT INTO users (email) VALUES ('a@example.com')");

    await deploy(v2);
    expect(await stub().tables()).toEqual(expect.arrayContaining(["users", "posts"]));
    expect((await stub().migrationsApplied()).map((m) => m.id)).toEqual([
      ...CORE_MIGRATIONS,
      "app/001_users",
      "app/002_posts",
      "app/003_email_index",
    ]);
    expect(await stub().sql("SELECT email FROM users")).toEqual([{ email: "a@example.com" }]);
  });

  it("leaves no trace of a failing migration and answers every call with its name", async () => {
    const stub = () => userStub(env.VERSIONED, "failing"); // fresh after each deploy
    deployMigrations(v1);
    await stub().sql("INSERT INTO users (email) VALUES ('kept@example.com')");

    await deploy(broken);
    for (let i = 0; i < 2; i++) {
      const error = await stub()
        .tables()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "MigrationError", migration: "app/002_half" });
      expect((error as Error).message).toMatch(/migration "app\/002_half" failed: no such table: no_such_table/);
    }

    await deploy(fixed);
    expect(await stub().tables()).toContain("half");
    expect((await stub().migrationsApplied()).map((m) => m.id)).toEqual([
      ...CORE_MIGRATIONS,
      "app/001_users",
      "app/002_half",
    ]);
    expect(await stub().sql("SELECT email FROM users")).toEqual([{ email: "kept@example.com" }]);
  });

  it("rolls back every pending migration when a later one fails", async () => {
    const stub = () => userStub(env.VERSIONED, "all-or-nothing"); // fresh after each deploy
    deployMigrations([]);
    expect(await stub().tables()).not.toContain("users");
    await deploy([...v1, { name: "002_bad", up: "CREATE TABLE users (dup INTEGER)" }]);
    await expect(stub().tables()).rejects.toMatchObject({ migration: "app/002_bad" });
    await deploy([]);
    expect(await stub().tables()).not.toContain("users");
    expect((await stub().migrationsApplied()).map((m) => m.id)).toEqual(CORE_MIGRATIONS);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const stub = () => userStub(env.VERSIONED, "edited"); // fresh after each deploy
    deployMigrations(v1);
    await stub().tables();
    await deploy([{ name: "001_users", up: "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)" }]);
    await expect(stub().tables()).rejects.toMatchObject({
      name: "MigrationError",
      migration: "app/001_users",
      message: expect.stringMatching(/was edited after it was applied/),
    });
  });

  it("refuses an applied migration that the code no longer declares", async () => {
    const stub = () => userStub(env.VERSIONED, "missing"); // fresh after each deploy
    deployMigrations(v2);
    await stub().tables();
    await deploy(v1);
    await expect(stub().tables()).rejects.toMatchObject({
      migration: "app/002_posts",
      message: expect.stringMatching(/missing from the code/),
    });
  });

  it("refuses a new migration inserted before applied ones", async () => {
    const stub = () => userStub(env.VERSIONED, "inserted"); // fresh after each deploy
    deployMigrations(v1);
    await stub().tables();
    await deploy([{ name: "000_early", up: "CREATE TABLE early (x)" }, ...v1]);
    await expect(stub().tables()).rejects.toMatchObject({
      migration: "app/000_early",
      message: expect.stringMatching(/append new migrations/),
    });
  });

  it("checksums the compiled SQL, not the TypeScript that builds it", async () => {
    const a = await planMigrations([
      { namespace: "app", migrations: [{ name: "1", up: (db) => db.schema.createTable("t").addColumn("a", "text") }] },
    ]);
    const b = await planMigrations([
      { namespace: "app", migrations: [{ name: "1", up: 'create table "t" ("a" text)' }] },
    ]);
    const c = await planMigrations([
      { namespace: "app", migrations: [{ name: "1", up: 'create table "t" ("a" integer)' }] },
    ]);
    expect(a.migrations[0]!.checksum).toBe(b.migrations[0]!.checksum);
    expect(a.migrations[0]!.checksum).not.toBe(c.migrations[0]!.checksum);
  });
});

describe("invalid migration lists", () => {
  const cases: [string, Migration[], RegExp][] = [
    [
      "duplicate names",
      [
        { name: "1", up: "SELECT 1" },
        { name: "1", up: "SELECT 2" },
      ],
      /migration name "1" appears twice in "app"/,
    ],
    ["an empty name", [{ name: " ", up: "SELECT 1" }], /migration 1 of "app" has no name/],
    ["an empty body", [{ name: "1", up: "  " }], /migration "app\/1" has no SQL/],
    ["an empty step list", [{ name: "1", up: () => [] }], /migration "app\/1" has no SQL/],
  ];
  for (const [what, migrations, message] of cases) {
    it(`names the problem: ${what}`, async () => {
      await expect(planMigrations([{ namespace: "app", migrations }])).rejects.toMatchObject({
        name: "InvalidMigrationsError",
        message: expect.stringMatching(message),
      });
    });
  }

  it("names a namespace declared twice", async () => {
    await expect(
      planMigrations([
        { namespace: "billing", migrations: [] },
        { namespace: "billing", migrations: [] },
      ]),
    ).rejects.toThrow(/declared twice/);
  });

  it("answers every call of an object whose list is invalid", async () => {
    const stub = () => userStub(env.VERSIONED, "invalid-list"); // fresh after each deploy
    deployMigrations([
      { name: "1", up: "SELECT 1" },
      { name: "1", up: "SELECT 1" },
    ]);
    await expect(stub().tables()).rejects.toMatchObject({ name: "InvalidMigrationsError" });
  });
});
