import { abortAllDurableObjects, env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { userStub } from "../src/index.js";
import { deployLateReplication, type Op, type RepTodoDO } from "./replication-fixtures.js";
import { expectConverged, masterFor, masterTodos, until } from "./replication-helpers.js";

describe("faults between a user object and its master", () => {
  it("loses nothing while the master is down: the outbox keeps rows until acknowledged, retried with backoff", async () => {
    const name = "fault-down";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await master.setDown(name, true);
    await stub.add("kept-1");
    await stub.add("kept-2");
    await vi.waitFor(async () => expect(await master.calls(name)).toBeGreaterThanOrEqual(3), until);
    expect(await stub.outboxSize()).toBeGreaterThan(0);
    expect((await master.sources({ limit: 1000 })).map((s) => s.name)).not.toContain(name);
    const [flush] = await stub.listTasks({ task: "flush" });
    expect(flush).toMatchObject({
      owner: "replication",
      state: "pending",
      lastError: expect.stringContaining("master down"),
    });
    expect(flush!.attempts).toBeGreaterThanOrEqual(2);

    await master.setDown(name, false);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    const warnings = await stub.readLog({ level: "warn" });
    expect(warnings.some((e) => e.message === "task failed; will retry")).toBe(true);
  });

  it("recovers when the master throws on the k-th batch", async () => {
    const name = "fault-kth";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await master.injectFaults(name, [
      { call: 2, mode: "throw" },
      { call: 4, mode: "throw" },
    ]);
    for (let i = 0; i < 5; i++) {
      await stub.add(`row-${i}`, i);
      await vi.waitFor(async () => expect(await stub.outboxSize()).toBe(0), until);
    }
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect(await master.calls(name)).toBe(7);
  });

  it("ignores replayed batches when the master applied them but its answer was lost: no doubles", async () => {
    const name = "fault-replay";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await master.injectFaults(name, [
      { call: 1, mode: "apply-then-throw" },
      { call: 2, mode: "apply-then-throw" },
    ]);
    await stub.add("once", 5);
    await stub.add("twice", 6);
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect(await master.calls(name)).toBe(3);
    expect(await master.count("todo", { _source: name })).toBe(2);
    expect(await master.sum("todo", "amount", { _source: name })).toBe(11);
  });

  it("neither loses nor doubles rows when the object dies in the middle of a flush", async () => {
    const name = "fault-evicted";
    await masterFor(env.MASTER, name).injectFaults(name, [{ call: 1, mode: "apply-then-hang" }]);
    await userStub(env.REP_TODO, name).add("a");
    await userStub(env.REP_TODO, name).add("b");
    await vi.waitFor(async () => expect(await masterFor(env.MASTER, name).calls(name)).toBe(1), until);
    // The master applied the batch and has not answered; every object dies now,
    // the source in the middle of its flush (its task row still says "running").
    await abortAllDurableObjects();
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    expect(await stub.outboxSize()).toBeGreaterThan(0);
    // On wake the interrupted flush runs again: the same entries, a replay the master ignores.
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect(await master.calls(name)).toBe(2);
    await stub.add("c");
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect((await masterTodos(master, name)).map((t) => t.title)).toEqual(["a", "b", "c"]);
  });

  it("keeps writes made while a flush waits on the master, and sends them after it", async () => {
    const name = "fault-concurrent";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await master.injectFaults(name, [{ call: 1, mode: "apply-then-hang" }]);
    const first = await stub.add("before", 1);
    await vi.waitFor(async () => expect(await master.calls(name)).toBe(1), until);
    // The flush is waiting for the master's answer; the object keeps serving writes.
    await Promise.all([
      stub.add("during-1", 2),
      stub.add("during-2", 3),
      stub.setDone(first.id, 1),
      stub.remove(first.id),
    ]);
    await master.release();
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    expect((await masterTodos(master, name)).map((t) => t.title).sort()).toEqual(["during-1", "during-2"]);
  });

  it("stops, and retries later, when a sink asks for a resync again and again", async () => {
    const name = "fault-resync-loop";
    const sink = { ingest: async () => ({ ack: 0, applied: 0, duplicate: false, resync: true }) };
    deployLateReplication({
      sink: () => sink,
      tables: [{ table: "todo" }],
      flushDelayMs: 5,
      retry: { backoffMs: 3_600_000 },
    });
    const stub = userStub(env.LATE_TODO, name);
    await stub.add("a");
    await stub.add("b");
    await vi.waitFor(async () => {
      const [flush] = await stub.listTasks({ task: "flush" });
      expect(flush?.lastError).toContain("asked for a resync twice");
    }, until);
    // Nothing piles up: the outbox holds each row once.
    expect(await stub.outboxSize()).toBe(2);
    deployLateReplication(undefined);
  });

  it("does not send again when the platform retries an alarm that already flushed", async () => {
    const name = "fault-alarm-retry";
    const stub = userStub(env.REP_TODO, name);
    const master = masterFor(env.MASTER, name);
    await stub.add("x");
    await vi.waitFor(() => expectConverged(stub, master, name), until);
    const calls = await master.calls(name);
    await runInDurableObject(stub, async (instance: RepTodoDO) => {
      await instance.alarm({ isRetry: true, retryCount: 1, scheduledTime: Date.now() });
      await instance.alarm({ isRetry: true, retryCount: 2, scheduledTime: Date.now() });
    });
    expect(await master.calls(name)).toBe(calls);
    await expectConverged(stub, master, name);
  });
});

// A small deterministic PRNG, so a failing run can be replayed.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomOps(random: () => number, count: number, tag: string): Op[] {
  const paths = ["db", "sync", "raw"] as const;
  return Array.from({ length: count }, (_, i): Op => {
    const via = paths[Math.floor(random() * 3)]!;
    const roll = random();
    const pick = Math.floor(random() * 1000);
    if (roll < 0.5) return { op: "insert", title: `${tag}-${i}`, amount: Math.floor(random() * 1000), via };
    if (roll < 0.8) return { op: "update", pick, title: `${tag}-u${i}`, via };
    return { op: "delete", pick, via };
  });
}

describe("convergence", () => {
  it("makes the master equal the union of the user tables, row for row, after random writes and injected failures", async () => {
    const random = mulberry32(20261123);
    const users = Array.from({ length: 10 }, (_, i) => `converge-${i}`);
    const master = (name: string) => masterFor(env.MASTER, name);
    for (const [i, name] of users.entries()) {
      if (i % 4 === 0)
        await master(name).injectFaults(name, [
          { call: 1, mode: "throw" },
          { call: 3, mode: "throw" },
        ]);
      if (i % 4 === 1)
        await master(name).injectFaults(name, [
          { call: 1, mode: "apply-then-throw" },
          { call: 2, mode: "apply-then-throw" },
        ]);
      if (i % 4 === 2) await master(name).setDown(name, true);
    }
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        users.map((name) => userStub(env.REP_TODO, name).apply(randomOps(random, 15, `${name}-r${round}`))),
      );
      if (round === 1) await evictDurableObject(userStub(env.REP_TODO, users[3]!));
      if (round === 2) for (const name of users) await master(name).setDown(name, false);
    }
    for (const name of users) {
      // Raw writes since the last flush are delivered by the next wake at the latest.
      await evictDurableObject(userStub(env.REP_TODO, name));
      await vi.waitFor(() => expectConverged(userStub(env.REP_TODO, name), master(name), name), until);
    }
    const total = (await Promise.all(users.map((name) => userStub(env.REP_TODO, name).todos()))).reduce(
      (n, rows) => n + rows.length,
      0,
    );
    const inMaster = (await master(users[0]!).sources({ limit: 1000 })).filter((s) => s.name.startsWith("converge-"));
    expect(inMaster.reduce((n, s) => n + s.rows, 0)).toBe(total);
    expect(total).toBeGreaterThan(0);
  });
});
