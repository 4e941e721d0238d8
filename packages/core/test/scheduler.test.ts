import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { userStub } from "../src/index.js";
import type { SchedulerDO } from "./scheduler-fixtures.js";

const until = { timeout: 10_000, interval: 20 };

describe("scheduling", () => {
  it("runs a task at its time with its payload, then forgets it", async () => {
    const stub = userStub(env.SCHEDULER, "runs-once");
    const task = await stub.schedule(0, "record", { note: "hello" });
    expect(task).toMatchObject({
      owner: "app",
      task: "record",
      payload: { note: "hello" },
      state: "pending",
      attempts: 0,
    });
    await vi.waitFor(
      async () => expect(await stub.runs()).toEqual([{ task: "record", note: "hello", attempt: 1 }]),
      until,
    );
    expect(await stub.listTasks()).toEqual([]);
  });

  it("keeps tasks in the future waiting, with the alarm armed to the earliest (ms precision)", async () => {
    const stub = userStub(env.SCHEDULER, "future");
    const later = Date.now() + 3_600_000;
    const a = await stub.schedule(new Date(later + 500), "record", { note: "b" });
    const b = await stub.schedule(new Date(later + 123), "record", { note: "a" });
    expect(a.runAt).toBe(later + 500);
    expect(await stub.alarmAt()).toBe(later + 123);
    expect((await stub.listTasks()).map((t) => t.id)).toEqual([b.id, a.id]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.runs()).toEqual([]);
    expect(await stub.alarmAt()).toBe(later + 123);
  });

  it("is idempotent with a key: the second schedule returns the first task", async () => {
    const stub = userStub(env.SCHEDULER, "keyed");
    const [first, second, payload] = await stub.scheduleTwice("k");
    expect(second).toBe(first);
    expect(payload).toEqual({ note: "k" });
    expect(await stub.listTasks()).toHaveLength(1);
    expect(await stub.cancelTask("k-k")).toBe(true);
    expect(await stub.cancelTask("k-k")).toBe(false);
    expect(await stub.listTasks()).toEqual([]);
  });

  it("refuses unknown tasks and bad times, payloads, keys and retry policies with 400s", async () => {
    const stub = userStub(env.SCHEDULER, "bad-input");
    const loose = stub as unknown as {
      schedule(when: unknown, task: unknown, payload: unknown, options?: unknown): Promise<unknown>;
    };
    await expect(loose.schedule(0, "nope", {})).rejects.toMatchObject({ status: 400, code: "unknown_task" });
    await expect(loose.schedule(0, "toString", {})).rejects.toMatchObject({ code: "unknown_task" });
    await expect(loose.schedule(-1, "record", {})).rejects.toMatchObject({ status: 400, code: "bad_schedule" });
    await expect(loose.schedule(Number.NaN, "record", {})).rejects.toMatchObject({ code: "bad_schedule" });
    await expect(loose.schedule("soon", "record", {})).rejects.toMatchObject({ code: "bad_schedule" });
    await expect(loose.schedule({ every: 0 }, "record", {})).rejects.toMatchObject({ code: "bad_schedule" });
    await expect(loose.schedule({ cron: "61 * * * *" }, "record", {})).rejects.toMatchObject({ code: "bad_cron" });
    await expect(loose.schedule(0, "record", { big: "x".repeat(600_000) })).rejects.toMatchObject({
      code: "bad_schedule",
    });
    await expect(loose.schedule(0, "record", {}, { key: "" })).rejects.toMatchObject({ code: "bad_schedule" });
    for (const [retry, message] of [
      [{ attempts: 0 }, "retry.attempts must be a whole number from 1, or Infinity"],
      [{ attempts: "5" }, "retry.attempts must be a whole number from 1, or Infinity"],
      [{ backoffMs: -1 }, "retry.backoffMs must be a whole number of milliseconds"],
      [{ backoffMs: 10, maxBackoffMs: 5 }, "retry.maxBackoffMs must be a whole number, at least backoffMs"],
      [{ maxBackoffMs: 0.5 }, "retry.maxBackoffMs must be a whole number, at least backoffMs"],
      ["often", "retry must be an object"],
    ] as const) {
      await expect(loose.schedule(0, "record", {}, { retry }), JSON.stringify(retry)).rejects.toMatchObject({
        status: 400,
        code: "bad_schedule",
        message,
      });
    }
    await expect(stub.cancelTask({ id: 1 } as never)).rejects.toMatchObject({
      status: 400,
      code: "bad_input",
      message: "idOrKey must be a task id or key",
    });
    await expect(stub.listTasks({ limit: 0 })).rejects.toMatchObject({ status: 400 });
    expect(await stub.listTasks()).toEqual([]);
  });

  it("keeps a retry policy's defaults, and Infinity as attempts without limit", async () => {
    const stub = userStub(env.SCHEDULER, "retry-defaults");
    const forever = { key: "forever", retry: { attempts: Infinity, backoffMs: 7_200_000 } };
    await stub.schedule(3_600_000, "record", { note: "a" }, forever);
    await stub.schedule(3_600_000, "record", { note: "b" }, { key: "default" });
    const rows = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec("SELECT key, max_attempts, backoff_ms, max_backoff_ms FROM _userdo_tasks ORDER BY key")
        .toArray(),
    );
    expect(rows).toEqual([
      { key: "default", max_attempts: 5, backoff_ms: 1_000, max_backoff_ms: 3_600_000 },
      { key: "forever", max_attempts: null, backoff_ms: 7_200_000, max_backoff_ms: 7_200_000 },
    ]);
  });

  it("lets a task schedule another, which runs in turn", async () => {
    const stub = userStub(env.SCHEDULER, "chain");
    await stub.schedule(0, "chain", { note: "c" });
    await vi.waitFor(
      async () => expect(await stub.runs()).toEqual([{ task: "record", note: "c-chained", attempt: 1 }]),
      until,
    );
  });
});

describe("failures", () => {
  it("retries a throwing task with backoff, then dead-letters it with its last error", async () => {
    const stub = userStub(env.SCHEDULER, "dead");
    await stub.schedule(0, "fail", { note: "x" }, { retry: { attempts: 3, backoffMs: 10 } });
    await vi.waitFor(async () => expect(await stub.listTasks({ state: "dead" })).toHaveLength(1), until);
    const [dead] = await stub.listTasks({ state: "dead" });
    expect(dead).toMatchObject({ task: "fail", attempts: 3, lastError: "Error: boom x" });
    expect((await stub.runs()).map((r) => r.attempt)).toEqual([1, 2, 3]);
    const log = await stub.readLog({ level: "warn" });
    expect(log.map((e) => e.message)).toEqual([
      "task failed its last attempt; dead-lettered",
      "task failed; will retry",
      "task failed; will retry",
    ]);
    // A dead task stays until someone looks: it can be run again.
    await stub.retryTask(dead!.id);
    await vi.waitFor(async () => expect((await stub.runs()).length).toBe(6), until);
  });

  it("succeeds on a later attempt and is then gone", async () => {
    const stub = userStub(env.SCHEDULER, "flaky");
    await stub.schedule(0, "flaky", { note: "f", succeedOn: 3 }, { retry: { attempts: 5, backoffMs: 5 } });
    await vi.waitFor(async () => expect((await stub.runs()).map((r) => r.attempt)).toEqual([1, 2, 3]), until);
    await vi.waitFor(async () => expect(await stub.listTasks()).toEqual([]), until);
  });

  it("dead-letters a stored task whose handler is gone (code deployed away), never dropping it", async () => {
    const stub = userStub(env.SCHEDULER, "orphan");
    const task = await stub.schedule(3_600_000, "record", { note: "orphan" });
    await runInDurableObject(stub, async (instance: SchedulerDO, state) => {
      state.storage.sql.exec(
        "UPDATE _userdo_tasks SET task = 'removedTask', run_at = ? WHERE id = ?",
        Date.now(),
        task.id,
      );
      await instance.alarm();
    });
    expect(await stub.listTasks({ state: "dead" })).toMatchObject([
      { id: task.id, task: "removedTask", lastError: 'no handler for task "removedTask" of "app"' },
    ]);
    expect(await stub.runs()).toEqual([]);
  });

  it("never lets one failing task block the others", async () => {
    const stub = userStub(env.SCHEDULER, "isolation");
    await stub.schedule(0, "fail", { note: "bad" }, { retry: { attempts: 1 } });
    await stub.schedule(0, "record", { note: "good-1" });
    await stub.schedule(0, "record", { note: "good-2" });
    await vi.waitFor(
      async () => expect((await stub.runs("good")).map((r) => r.note)).toEqual(["good-1", "good-2"]),
      until,
    );
    expect(await stub.listTasks({ state: "dead" })).toHaveLength(1);
  });
});

describe("the platform alarm", () => {
  it("does not run a finished task again when the platform retries the alarm", async () => {
    const stub = userStub(env.SCHEDULER, "alarm-retry");
    const later = Date.now() + 3_600_000;
    await stub.schedule(new Date(later), "record", { note: "once" });
    // The task is due; the alarm runs it, then the platform delivers the same alarm again.
    await runInDurableObject(stub, async (instance: SchedulerDO, state) => {
      state.storage.sql.exec("UPDATE _userdo_tasks SET run_at = ?", Date.now());
      await instance.alarm({ isRetry: false, retryCount: 0, scheduledTime: later });
      await instance.alarm({ isRetry: true, retryCount: 1, scheduledTime: later });
    });
    expect(await stub.runs()).toEqual([{ task: "record", note: "once", attempt: 1 }]);
  });

  it("runs a task that an evicted instance left running, as its next attempt", async () => {
    const stub = userStub(env.SCHEDULER, "interrupted");
    const task = await stub.schedule(3_600_000, "record", { note: "again" });
    await stub.simulateInterrupted(task.id);
    await evictDurableObject(stub);
    await vi.waitFor(
      async () => expect(await stub.runs()).toEqual([{ task: "record", note: "again", attempt: 2 }]),
      until,
    );
  });

  it("keeps tasks across eviction and re-arms a lost alarm on wake", async () => {
    const stub = userStub(env.SCHEDULER, "evicted");
    const task = await stub.schedule(3_600_000, "record", { note: "kept" });
    await stub.dropAlarm();
    expect(await stub.alarmAt()).toBeNull();
    await evictDurableObject(stub);
    expect(await stub.alarmAt()).toBe(task.runAt);
    expect(await stub.listTasks()).toMatchObject([{ id: task.id, state: "pending" }]);
  });

  it("runs recurring tasks again at their interval, and cron tasks on their schedule", async () => {
    const stub = userStub(env.SCHEDULER, "recurring");
    const every = await stub.schedule({ every: 30 }, "record", { note: "tick" });
    await vi.waitFor(async () => expect((await stub.runs("tick")).length).toBeGreaterThanOrEqual(3), until);
    const [still] = (await stub.listTasks()).filter((t) => t.id === every.id);
    expect(still).toMatchObject({ every: 30, state: "pending", attempts: 0 });
    await stub.cancelTask(every.id);

    const cron = await stub.schedule({ cron: "0 9 * * MON" }, "record", { note: "weekly" });
    const fires = new Date(cron.runAt);
    expect([fires.getUTCDay(), fires.getUTCHours(), fires.getUTCMinutes()]).toEqual([1, 9, 0]);
    expect(cron.runAt).toBeGreaterThan(Date.now());
    expect(cron.cron).toBe("0 9 * * MON");
  });

  it("moves a recurring task that failed its last attempt to its next occurrence", async () => {
    const stub = userStub(env.SCHEDULER, "recurring-fail");
    const task = await stub.schedule({ every: 3_600_000 }, "fail", { note: "r" }, { retry: { attempts: 1 } });
    await runInDurableObject(stub, async (instance: SchedulerDO, state) => {
      state.storage.sql.exec("UPDATE _userdo_tasks SET run_at = ? WHERE id = ?", Date.now() - 10, task.id);
      await instance.alarm();
    });
    const [after] = await stub.listTasks();
    expect(after).toMatchObject({ id: task.id, state: "pending", attempts: 0, lastError: "Error: boom r" });
    expect(after!.runAt).toBeGreaterThan(Date.now());
  });
});

describe("plugins and plain Durable Objects", () => {
  it("run a plugin's own tasks, scheduled from its methods, namespaced by the plugin", async () => {
    const stub = userStub(env.SCHEDULER, "plugin-task");
    const task = await stub.schedulePing(0, "p1");
    expect(task).toMatchObject({ owner: "pinger", task: "ping" });
    await vi.waitFor(async () => expect(await stub.pings()).toEqual(["p1"]), until);
    // The app cannot schedule the plugin's task under its own name.
    await expect(
      (stub as unknown as { schedule(w: number, t: string, p: unknown): Promise<unknown> }).schedule(0, "ping", {}),
    ).rejects.toMatchObject({
      code: "unknown_task",
    });
  });

  it("share the one alarm with a plain DurableObject's own alarm code", async () => {
    const stub = env.ALARM_CLOCK.get(env.ALARM_CLOCK.idFromName("clock"));
    await stub.schedule(0, "note", { text: "from the scheduler" });
    await vi.waitFor(async () => expect(await stub.notes()).toEqual(["from the scheduler"]), until);
    const ringsBefore = await stub.rings();
    await stub.setOwnAlarm(0);
    await vi.waitFor(async () => expect(await stub.rings()).toBeGreaterThan(ringsBefore), until);
    await stub.schedulePing(0, "plain");
    await vi.waitFor(async () => expect(await stub.pings()).toEqual(["plain"]), until);
  });
});
