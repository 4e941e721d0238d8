import type { SyncSql } from "@userdo/core";
import { bucketStats, deleteExpired } from "./bucket-table.js";

/**
 * How a limiter object cleans up buckets that have fully refilled.
 *
 * @example
 * ```ts
 * ratelimitPlugin({ sweep: { interval: 30_000, batch: 500 } });
 * ```
 */
export interface SweepOptions {
  /** At most one sweep per this many milliseconds per object (default 60,000). */
  readonly interval: number;
  /** At most this many rows deleted per sweep (default 1,000). */
  readonly batch: number;
}

/**
 * The defaults: a sweep a minute at most, 1,000 rows at most.
 *
 * @example
 * ```ts
 * ratelimitPlugin({ sweep: { ...DEFAULT_SWEEP, batch: 200 } });
 * ```
 */
export const DEFAULT_SWEEP: SweepOptions = Object.freeze({ interval: 60_000, batch: 1_000 });

/**
 * What a sweep did and what is left.
 *
 * @example
 * ```ts
 * const { deleted, keys, nextAlarm } = await env.RATE_LIMITER.getByName("shard-0").sweepRateLimits();
 * ```
 */
export interface SweepReport {
  readonly deleted: number;
  /** Buckets still stored. */
  readonly keys: number;
  /** When the earliest of them is fully refilled, or null when none is left. */
  readonly nextExpiry: number | null;
  /** When the limiter wants its next sweep (the alarm is this or earlier), or null. */
  readonly nextAlarm: number | null;
}

interface ObjectSweepState {
  lastSweep: number;
  /** Known to have an alarm pending; undefined until read once after a wake. */
  alarmArmed: boolean | undefined;
}

// Per object instance, not in storage: it is only an optimisation (a fresh
// wake sweeps once more and reads the alarm once), never a source of truth.
const states = new WeakMap<DurableObjectState, ObjectSweepState>();

function stateOf(ctx: DurableObjectState): ObjectSweepState {
  let state = states.get(ctx);
  if (!state) {
    state = { lastSweep: Number.NEGATIVE_INFINITY, alarmArmed: undefined };
    states.set(ctx, state);
  }
  return state;
}

/** Runs a bounded sweep if none ran in the last `interval` (on the caller's clock). */
export function sweepIfDue(ctx: DurableObjectState, sql: SyncSql<unknown>, now: number, options: SweepOptions): number {
  const state = stateOf(ctx);
  if (Math.abs(now - state.lastSweep) < options.interval) return 0;
  state.lastSweep = now;
  return deleteExpired(sql, now, options.batch);
}

/**
 * Sets the alarm to `at` unless an earlier one is pending. The object has one
 * alarm and other code (a scheduler, the class itself) may share it: never
 * push theirs later, never delete it. `inAlarm`: called from `alarm()`, where
 * a time already past is the alarm firing now, and is replaced.
 */
async function alarmNoLaterThan(storage: DurableObjectStorage, at: number, inAlarm: boolean): Promise<void> {
  const current = await storage.getAlarm();
  const firing = inAlarm && current !== null && current <= Date.now();
  if (current === null || firing || at < current) await storage.setAlarm(at);
}

/**
 * Makes sure the object has an alarm pending while it stores buckets: one
 * alarm per object, never one per key. Reads the alarm at most once per wake.
 */
export async function ensureSweepAlarm(ctx: DurableObjectState, options: SweepOptions): Promise<void> {
  const state = stateOf(ctx);
  if (state.alarmArmed) return;
  await alarmNoLaterThan(ctx.storage, Date.now() + options.interval, false);
  state.alarmArmed = true;
}

/**
 * A bounded sweep, then (when the object owns its alarm) the alarm re-armed
 * only while buckets remain: at the earliest expiry, and never sooner than one
 * interval. An empty limiter sets no alarm and sleeps (one already pending,
 * perhaps someone else's, is left alone). Idempotent, so a retried alarm does
 * no harm.
 */
export async function sweepNow(
  ctx: DurableObjectState,
  sql: SyncSql<unknown>,
  now: number,
  options: SweepOptions,
  ownsAlarm: boolean,
  inAlarm: boolean,
): Promise<SweepReport> {
  const state = stateOf(ctx);
  state.lastSweep = now;
  const deleted = deleteExpired(sql, now, options.batch);
  const { keys, nextExpiry } = bucketStats(sql);
  let nextAlarm: number | null = null;
  if (ownsAlarm && keys > 0) {
    nextAlarm = Math.max(Date.now() + options.interval, nextExpiry ?? 0);
    await alarmNoLaterThan(ctx.storage, nextAlarm, inAlarm);
  }
  state.alarmArmed = ownsAlarm && keys > 0;
  return { deleted, keys, nextExpiry, nextAlarm };
}
