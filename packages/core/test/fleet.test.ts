import { abortAllDurableObjects, createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterAll, describe, expect, it, vi } from "vitest";
import { masterShards, studioRoute, userStub } from "../src/index.js";
import { deployLateMigrations, deployLateReplication, repMigrations } from "./replication-fixtures.js";
import { until } from "./replication-helpers.js";
import { STUDIO_TEST_READONLY_TOKEN, STUDIO_TEST_TOKEN } from "./studio-constants.js";

const NAMES = ["fleet-a", "fleet-b", "fleet-c", "fleet-d", "fleet-e"];
const unique = { name: "006_unique_titles", up: "CREATE UNIQUE INDEX todo_title ON todo (title)" };

afterAll(() => {
  deployLateReplication(undefined);
  deployLateMigrations(repMigrations);
});

async function deploy(migrations: typeof repMigrations) {
  // A deploy restarts every object.
  await abortAllDurableObjects();
  deployLateMigrations(migrations);
}

const fleet = () => masterShards(env.MASTER_SHARDED, 1);
const finished = async () => {
  const status = await fleet().fleetStatus("LATE_TODO");
  expect(status.running).toBe(false);
  return status;
};

const route = studioRoute<Cloudflare.Env>({
  namespaces: { LATE_TODO: (e) => e.LATE_TODO },
  token: (e) => e.STUDIO_TOKEN,
  readOnlyToken: (e) => e.STUDIO_READONLY_TOKEN,
  fleet: (e) => masterShards(e.MASTER_SHARDED, 1),
});

async function call(path: string, method = "GET", token = STUDIO_TEST_TOKEN) {
  const ctx = createExecutionContext();
  const response = await route(
    new Request(`https://app.test/sqlite/_fleet/${path}`, { method, headers: { authorization: `Bearer ${token}` } }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: response!.status, body: (await response!.json()) as any };
}

describe("fleet migrations", () => {
  it("wakes every registered user, reports a broken one by name, resumes after an interruption", async () => {
    deployLateReplication({ master: "MASTER_SHARDED", tables: [{ table: "todo" }], flushDelayMs: 5 });
    deployLateMigrations(repMigrations);
    for (const name of NAMES) {
      const stub = userStub(env.LATE_TODO, name);
      await stub.add(`${name} one`);
      // fleet-c has two todos with one title: a unique index cannot be built there.
      await stub.add(name === "fleet-c" ? `${name} one` : `${name} two`);
    }
    await vi.waitFor(async () => expect(await fleet().sources()).toHaveLength(NAMES.length), until);

    await deploy([...repMigrations, unique]);
    const started = await fleet().migrateFleet("LATE_TODO", { batch: 2, concurrency: 2 });
    expect(started).toMatchObject({ binding: "LATE_TODO", running: true, counts: { registered: 5 } });
    // Interrupted after its first batch (an eviction of the master mid-run): it goes on from its cursor.
    await vi.waitFor(async () => {
      const { counts } = await fleet().fleetStatus("LATE_TODO");
      expect(counts.upToDate + counts.failed).toBeGreaterThanOrEqual(2);
    }, until);
    await abortAllDurableObjects();
    const report = await vi.waitFor(finished, until);
    expect(report.startedAt).toBe(started.startedAt);
    expect(report.counts).toEqual({ registered: 5, upToDate: 4, failed: 1, pending: 0 });
    expect(report.failed).toEqual([
      {
        name: "fleet-c",
        state: "failed",
        migration: "app/006_unique_titles",
        error: expect.stringMatching(/migration "app\/006_unique_titles" failed: UNIQUE constraint failed/),
      },
    ]);
    expect((await userStub(env.LATE_TODO, "fleet-a").migrationState()).last).toBe("app/006_unique_titles");

    // Another run, through the admin route, after the next restart: the same report.
    await deploy([...repMigrations, unique]);
    const again = await call("LATE_TODO/migrate?batch=3", "POST");
    expect(again.status).toBe(202);
    const rerun = await vi.waitFor(finished, until);
    expect(rerun.startedAt).toBeGreaterThanOrEqual(report.finishedAt!);
    expect(rerun.counts).toEqual({ registered: 5, upToDate: 4, failed: 1, pending: 0 });
    const viewed = await call("LATE_TODO", "GET", STUDIO_TEST_READONLY_TOKEN);
    expect(viewed.body).toMatchObject({ running: false, counts: rerun.counts, failed: [{ name: "fleet-c" }] });
  });

  it("refuses a read-only start, a bad binding and bad options", async () => {
    expect(await call("LATE_TODO/migrate", "POST", STUDIO_TEST_READONLY_TOKEN)).toMatchObject({
      status: 403,
      body: { code: "read_only" },
    });
    expect(await call("NOT_A_BINDING/migrate", "POST")).toMatchObject({ status: 400, body: { code: "bad_binding" } });
    expect(await call("LATE_TODO/migrate?concurrency=50", "POST")).toMatchObject({
      status: 400,
      body: { code: "bad_fleet_options" },
    });
    expect(await call("LATE_TODO/migrate", "GET")).toMatchObject({ status: 405 });
    expect((await call("LATE_TODO", "GET", "wrong")).status).toBe(401);
  });
});
