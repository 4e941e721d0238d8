import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type Migration, planMigrations } from "../src/index.js";
import { bringSchemaUpToDate } from "../src/migrations/migration-runner.js";
import { planFor } from "../src/runtime/migration-plans.js";
import { AppWithPlugins } from "./worker.js";

type Snapshot = {
  applied: string[];
  records: { seq: number; id: string; checksum: string }[];
  times: number;
  schema: { type: string; name: string; sql: string | null }[];
  meta: { key: string; value: string }[];
  statements: number;
};

/** Applies `plan` to a fresh, empty object one way or the other and reads back what it left. */
async function applyToFresh(
  name: string,
  plan: Awaited<ReturnType<typeof planFor>>,
  oneStep: boolean,
): Promise<Snapshot> {
  const stub = env.EMPTY.get(env.EMPTY.idFromName(name));
  return runInDurableObject(stub, (_instance, state) => {
    const sql = state.storage.sql;
    const exec = sql.exec;
    let statements = 0;
    sql.exec = ((...args: Parameters<SqlStorage["exec"]>) => {
      statements++;
      return exec.apply(sql, args);
    }) as SqlStorage["exec"];
    let applied: readonly string[];
    try {
      applied = bringSchemaUpToDate(state.storage, plan, "someone@example.com", { oneStep }).applied;
    } finally {
      sql.exec = exec;
    }
    return {
      applied: [...applied],
      records: sql
        .exec<{ seq: number; id: string; checksum: string }>(
          "SELECT seq, id, checksum FROM _userdo_migrations ORDER BY seq",
        )
        .toArray(),
      times: sql.exec<{ n: number }>("SELECT count(DISTINCT applied_at) AS n FROM _userdo_migrations").one().n,
      schema: sql
        .exec<{ type: string; name: string; sql: string | null }>(
          "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE '_cf_%' ORDER BY type, name",
        )
        .toArray(),
      meta: sql.exec<{ key: string; value: string }>("SELECT key, value FROM _userdo_meta ORDER BY key").toArray(),
      statements,
    };
  });
}

describe("a fresh object's schema in one step", () => {
  it("leaves the same tables, migration records (ids, checksums, order, one time) and meta as step by step", async () => {
    const plan = await planFor(AppWithPlugins);
    const stepwise = await applyToFresh("stepwise", plan, false);
    const oneStep = await applyToFresh("one-step", plan, true);
    const { statements: stepwiseStatements, ...stepwiseState } = stepwise;
    const { statements: oneStepStatements, ...oneStepState } = oneStep;
    expect(oneStepState).toEqual(stepwiseState);
    expect(oneStep.records.map((r) => r.id)).toEqual(plan.migrations.map((m) => m.id));
    expect(oneStep.records.map((r) => r.checksum)).toEqual(plan.migrations.map((m) => m.checksum));
    expect(oneStep.times).toBe(1);
    // The meta read, system tables, one text of every migration, the records, the fingerprint, the name.
    expect(oneStepStatements).toBe(6);
    expect(stepwiseStatements).toBeGreaterThan(2 * plan.migrations.length);
  });

  it("handles statements ending in a comment or a semicolon, and splits a schema larger than one exec", async () => {
    const big = "x".repeat(30_000);
    const migrations: Migration[] = [
      { name: "001", up: "CREATE TABLE a (id INTEGER PRIMARY KEY) -- a trailing comment" },
      { name: "002", up: "CREATE TABLE b (id INTEGER PRIMARY KEY);" },
      ...Array.from({ length: 5 }, (_, i) => ({
        name: `10${i}`,
        up: `CREATE TABLE big${i} (id INTEGER PRIMARY KEY, v TEXT DEFAULT '${big}')`,
      })),
      { name: "200", up: "CREATE TABLE c (id INTEGER PRIMARY KEY);\nCREATE INDEX c_id ON c (id);" },
    ];
    const plan = await planMigrations([{ namespace: "app", migrations }]);
    expect(plan.freshSql.length).toBeGreaterThan(1);
    const stepwise = await applyToFresh("comments-stepwise", plan, false);
    const oneStep = await applyToFresh("comments-one-step", plan, true);
    expect({ ...oneStep, statements: 0 }).toEqual({ ...stepwise, statements: 0 });
    expect(oneStep.statements).toBe(5 + plan.freshSql.length); // no failed try: one step took
    expect(oneStep.schema.map((o) => o.name)).toContain("c_id");
  });

  it("names the failing migration and writes nothing when a fresh schema fails", async () => {
    const plan = await planMigrations([
      {
        namespace: "app",
        migrations: [
          { name: "001_ok", up: "CREATE TABLE ok (id INTEGER PRIMARY KEY)" },
          { name: "002_broken", up: "CREATE TABLE broken (id INTEGER PRIMARY KEY, REFERENCES nowhere)" },
        ],
      },
    ]);
    const stub = env.EMPTY.get(env.EMPTY.idFromName("broken"));
    const outcome = await runInDurableObject(stub, (_instance, state) => {
      let error: unknown;
      try {
        bringSchemaUpToDate(state.storage, plan, undefined);
      } catch (e) {
        error = e;
      }
      const tables = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '_cf_%'")
        .toArray();
      return { message: error instanceof Error ? error.message : String(error), tables };
    });
    expect(outcome.message).toMatch(/migration "app\/002_broken" failed/);
    expect(outcome.tables).toEqual([]);
  });
});
