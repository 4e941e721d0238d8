import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";
import { CORE_MIGRATIONS, CORE_TABLES } from "./scheduler-fixtures.js";

describe("a fresh UserDO", () => {
  it("creates the schema from its migrations and records each with a checksum", async () => {
    const stub = userStub(env.TODO, "fresh@example.com");
    expect(await stub.tables()).toEqual([...CORE_TABLES, "todo"].sort());
    const applied = await stub.migrationsApplied();
    expect(applied.map((m) => m.id)).toEqual([...CORE_MIGRATIONS, "app/001_todo", "app/002_note"]);
    for (const m of applied) {
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(m.appliedAt).toBeGreaterThan(0);
    }
  });

  it("answers typed queries through the async db", async () => {
    const stub = userStub(env.TODO, "typed");
    const row = await stub.add("buy milk");
    expect(row).toEqual({ id: 1, title: "buy milk", done: 0, note: null });
    expect(await stub.rename(1, "buy oat milk")).toBe(1);
    expect(await stub.rename(99, "nothing")).toBe(0);
    expect((await stub.list()).map((t) => t.title)).toEqual(["buy oat milk"]);
  });

  it("refuses Kysely's db.transaction() with a pointer to the platform's transactions", async () => {
    const stub = userStub(env.TODO, "tx-refused");
    await expect(stub.kyselyTransaction()).rejects.toThrow(/transactionSync/);
  });

  it("keeps the platform's own tables out of reach", async () => {
    const stub = userStub(env.TODO, "cf-tables");
    await stub.add("x");
    await runInDurableObject(stub, (_instance, state) => {
      const names = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_schema")
        .toArray()
        .map((r) => r.name);
      expect(names.filter((n) => n.startsWith("_userdo_")).sort()).toEqual(
        [...CORE_TABLES, "_userdo_log_time", "_userdo_tasks_due", "_userdo_tasks_key"]
          .filter((n) => n.startsWith("_userdo_"))
          .sort(),
      );
    });
  });
});

describe("the studio over typed RPC", () => {
  it("is part of every UserDO's stub type", async () => {
    const answer = await userStub(env.TODO, "studio-typed").studioQuery(
      { sql: "SELECT 1 AS one" },
      { access: "read-only" },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: { columns: ["one"], rows: [[1]] } });
  });
});
