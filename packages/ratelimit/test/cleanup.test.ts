import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RateLimitPolicy } from "../src/index.js";

const T0 = 1_800_000_000_000;
// One unit refills in 2 s: a bucket that took one unit is deletable 2 s later.
const policy: RateLimitPolicy = { name: "flood", limit: 5, window: 10 };

function quick(name: string) {
  return env.QUICK_SWEEP.get(env.QUICK_SWEEP.idFromName(name));
}

type Limiter = ReturnType<typeof quick>;

async function flood(stub: Limiter, prefix: string, count: number, now: number): Promise<void> {
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) =>
      stub.rateLimit({ key: `${prefix}-${start + i}`, policies: policy, now }),
    );
    const decisions = await Promise.all(batch);
    expect(decisions.every((d) => d.allowed)).toBe(true);
  }
}

// Hundreds of RPCs per test: give a loaded 2-core machine time (a budget, not an assertion).
describe("storage under a flood of distinct keys", { timeout: 30_000 }, () => {
  it("stays bounded while new keys keep coming, then empties", async () => {
    const stub = quick("flood");
    // Four waves of 200 new keys, each wave after the previous one's buckets refilled.
    for (let wave = 0; wave < 4; wave++) {
      await flood(stub, `wave${wave}`, 200, T0 + wave * 3_000);
      // 800 distinct keys seen in all; never more than one wave stored.
      expect(await stub.bucketCount()).toBe(200);
    }
    // After the last wave has refilled, bounded sweeps empty the object.
    const deleted: number[] = [];
    for (let i = 0; i < 5; i++) deleted.push((await stub.sweepRateLimits({ now: T0 + 60_000 })).deleted);
    expect(deleted).toEqual([100, 100, 0, 0, 0]);
    expect(await stub.bucketCount()).toBe(0);
  });

  it("keeps buckets that have not refilled yet: cleanup never resets a counter", async () => {
    const stub = quick("not-expired");
    await flood(stub, "old", 150, T0); // refilled by T0 + 2 s
    for (let i = 0; i < 5; i++) await stub.rateLimit({ key: "busy", policies: policy, now: T0 + 8_000 });
    // New keys clear expired ones on their way in, and a sweep runs: the busy key stays.
    await flood(stub, "new", 150, T0 + 9_000);
    await stub.sweepRateLimits({ now: T0 + 9_999 });
    expect(await stub.bucketCount()).toBe(151);
    // 1,999 ms after emptying it, less than one unit (2 s) has come back.
    expect(await stub.rateLimit({ key: "busy", policies: policy, now: T0 + 9_999 })).toMatchObject({
      allowed: false,
      retryAfter: 1,
    });
  });
});

describe("the one alarm of a limiter object", () => {
  it("is armed once for the object, not per key", async () => {
    const stub = quick("one-alarm");
    await stub.rateLimit({ key: "a", policies: policy });
    const first = await stub.alarmAt();
    expect(first).not.toBeNull();
    for (let i = 0; i < 20; i++) await stub.rateLimit({ key: `k${i}`, policies: policy });
    expect(await stub.alarmAt()).toBe(first);
  });

  it("sweeps refilled buckets and is not re-armed once the object is empty", async () => {
    const stub = quick("alarm-empties");
    // Taken a minute ago (real clock): already refilled.
    const past = Date.now() - 60_000;
    for (let i = 0; i < 30; i++) await stub.rateLimit({ key: `k${i}`, policies: policy, now: past });
    expect(await stub.alarmAt()).not.toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.bucketCount()).toBe(0);
    expect(await stub.alarmAt()).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("is re-armed while buckets remain, no sooner than the interval", async () => {
    const stub = quick("alarm-rearms");
    await stub.rateLimit({ key: "live", policies: { name: "long", limit: 1, window: 3_600 } });
    const before = Date.now();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.bucketCount()).toBe(1);
    const next = await stub.alarmAt();
    expect(next).not.toBeNull();
    expect(next!).toBeGreaterThanOrEqual(before + 1_000);
  });

  it("does no harm when retried", async () => {
    const stub = quick("alarm-retried");
    const past = Date.now() - 60_000;
    for (let i = 0; i < 3; i++) await stub.rateLimit({ key: `k${i}`, policies: policy, now: past });
    await stub.rateLimit({ key: "live", policies: { name: "long", limit: 1, window: 3_600 } });
    // The platform retries an alarm that failed after its work: run it twice.
    await runInDurableObject(stub, (instance) => instance.alarm());
    await runInDurableObject(stub, (instance) => instance.alarm());
    expect(await stub.bucketCount()).toBe(1);
    expect((await stub.rateLimit({ key: "live", policies: { name: "long", limit: 1, window: 3_600 } })).allowed).toBe(
      false,
    );
    expect(await stub.alarmAt()).not.toBeNull();
  });

  it("shares the alarm: never moves an earlier one later, never deletes one", async () => {
    const stub = quick("alarm-shared");
    await stub.rateLimit({ key: "k", policies: { name: "long", limit: 1, window: 3_600 } });
    const theirs = Date.now() + 600_000; // earlier than this bucket's expiry in an hour
    await stub.setOwnAlarm(theirs);
    expect((await stub.sweepRateLimits()).nextAlarm).toBeGreaterThan(theirs);
    expect(await stub.alarmAt()).toBe(theirs);

    const other = quick("alarm-shared-late");
    const late = Date.now() + 3_600_000;
    await other.setOwnAlarm(late);
    await other.rateLimit({ key: "k", policies: policy, now: Date.now() - 60_000 });
    const armed = await other.alarmAt();
    expect(armed).toBeLessThan(late); // brought forward for the sweep
    // Emptied by a sweep outside the alarm: the pending alarm stays.
    expect((await other.sweepRateLimits()).keys).toBe(0);
    expect(await other.alarmAt()).toBe(armed);
  });
});

describe("cleanup of the plugin on an object that keeps its own alarm", { timeout: 30_000 }, () => {
  it("sweeps on a request when due, bounded by the batch, and never sets an alarm", async () => {
    const stub = env.EXISTING.get(env.EXISTING.idFromName("sweeps-on-request"));
    for (let i = 0; i < 80; i++) await stub.rateLimit({ key: `k${i}`, policies: policy, now: T0 });
    expect(await stub.bucketCount()).toBe(80);
    // An existing key, long after: one sweep of at most 50 rows.
    await stub.rateLimit({ key: "k0", policies: policy, now: T0 + 60_000 });
    expect(await stub.bucketCount()).toBe(30);
    // Within the interval: no second sweep.
    await stub.rateLimit({ key: "k0", policies: policy, now: T0 + 60_500 });
    expect(await stub.bucketCount()).toBe(30);
    await stub.rateLimit({ key: "k0", policies: policy, now: T0 + 61_000 });
    expect(await stub.bucketCount()).toBe(1);
    expect(await stub.alarmAt()).toBeNull();
  });
});
