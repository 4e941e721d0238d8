import { ConfigurationError, type PluginContext, UserDOError, definePlugin } from "@userdo/core";
import { bucketMigrations } from "./bucket-table.js";
import type { RateLimitDecision, RateLimitRequest } from "../shared/decision.js";
import { evaluate } from "./evaluate.js";
import {
  DEFAULT_SWEEP,
  type SweepOptions,
  type SweepReport,
  ensureSweepAlarm,
  sweepIfDue,
  sweepNow,
} from "./sweeper.js";

/**
 * Options of {@link ratelimitPlugin}.
 *
 * @example
 * ```ts
 * ratelimitPlugin({ ownsAlarm: true, sweep: { interval: 30_000 } });
 * ```
 */
export interface RatelimitPluginOptions {
  /**
   * Use the object's alarm for cleanup: armed while buckets are stored, to
   * sweep them (call `sweepRateLimits({ inAlarm: true })` from `alarm()`). It shares the alarm
   * politely: it never moves a pending alarm later and never deletes one. Leave
   * it false to keep the alarm out of it entirely; sweeps then run on requests
   * when due, and from the `sweep` task or your own alarm.
   */
  readonly ownsAlarm?: boolean;
  readonly sweep?: Partial<SweepOptions>;
}

function checkNow(now: unknown): number {
  if (now === undefined) return Date.now();
  if (typeof now !== "number" || !Number.isSafeInteger(now) || now < 0) {
    throw new UserDOError(400, "bad_rate_limit", "now must be a non-negative integer of milliseconds");
  }
  return now;
}

function checkSweepOptions(sweep: Partial<SweepOptions> | undefined): SweepOptions {
  const options = { ...DEFAULT_SWEEP, ...sweep };
  if (!Number.isSafeInteger(options.interval) || options.interval < 1)
    throw new ConfigurationError("bad_ratelimit_options", "sweep.interval must be a positive integer of milliseconds");
  if (!Number.isSafeInteger(options.batch) || options.batch < 1)
    throw new ConfigurationError("bad_ratelimit_options", "sweep.batch must be a positive integer");
  return Object.freeze(options);
}

/**
 * Token-bucket rate limiting inside a Durable Object: one table of buckets
 * (one row per key and policy name), so one object serves many keys. Attach it
 * to any class with `withPlugins`, or use the ready {@link RateLimiterDO}.
 *
 * Methods added to the class:
 * - `rateLimit({ key, policies, cost?, now? })`: takes `cost` units from the
 *   key's bucket under every policy, all or none, and reports what is left;
 * - `sweepRateLimits({ now?, inAlarm? })`: deletes fully refilled buckets (bounded),
 *   re-arming the object's alarm when it owns it (pass `inAlarm: true` from
 *   `alarm()`).
 *
 * @example
 * ```ts
 * export class ApiDO extends withPlugins(UserDO<Env>, ratelimitPlugin()) {}
 * declare const env: { API: DurableObjectNamespace<ApiDO> };
 * const decision = await env.API.get(env.API.idFromName("limits")).rateLimit({
 *   key: "user:42",
 *   policies: { name: "free", limit: 100, window: 60 },
 * });
 * ```
 */
export function ratelimitPlugin(options: RatelimitPluginOptions = {}) {
  const ownsAlarm = options.ownsAlarm === true;
  const sweep = checkSweepOptions(options.sweep);
  return definePlugin({
    name: "ratelimit",
    migrations: bucketMigrations,
    methods: {
      async rateLimit(this: PluginContext, request: RateLimitRequest): Promise<RateLimitDecision> {
        const now = checkNow(request?.now);
        const decision = evaluate(this.ctx.storage, this.sync, request, now);
        sweepIfDue(this.ctx, this.sync, now, sweep);
        if (ownsAlarm && decision.allowed) await ensureSweepAlarm(this.ctx, sweep);
        return decision;
      },
      /** `inAlarm: true` when called from `alarm()` (the fired alarm may then be replaced). */
      sweepRateLimits(
        this: PluginContext,
        options?: { readonly now?: number; readonly inAlarm?: boolean },
      ): Promise<SweepReport> {
        return sweepNow(this.ctx, this.sync, checkNow(options?.now), sweep, ownsAlarm, options?.inAlarm === true);
      },
    },
    tasks: {
      // For a scheduler on the host object's alarm: run it every `interval`.
      sweep(this: PluginContext) {
        return sweepNow(this.ctx, this.sync, Date.now(), sweep, ownsAlarm, true);
      },
    },
  });
}
