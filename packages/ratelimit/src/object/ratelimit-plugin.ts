import { type PluginContext, definePlugin } from "@userdo/core";
import { bucketMigrations } from "./bucket-table.js";
import type { RateLimitDecision, RateLimitRequest } from "../shared/decision.js";
import { evaluate } from "./evaluate.js";
import { readNow, readRateLimitRequest } from "./request-input.js";
import { checkSweepOptions } from "./sweep-options.js";
import { type SweepOptions, type SweepReport, ensureSweepAlarm, sweepIfDue, sweepNow } from "./sweeper.js";

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
        const checked = readRateLimitRequest(request);
        const decision = evaluate(this.ctx.storage, this.sync, checked);
        sweepIfDue(this.ctx, this.sync, checked.now, sweep);
        if (ownsAlarm && decision.allowed) await ensureSweepAlarm(this.ctx, sweep);
        return decision;
      },
      /** `inAlarm: true` when called from `alarm()` (the fired alarm may then be replaced). */
      sweepRateLimits(
        this: PluginContext,
        options?: { readonly now?: number; readonly inAlarm?: boolean },
      ): Promise<SweepReport> {
        return sweepNow(this.ctx, this.sync, readNow(options?.now), sweep, ownsAlarm, options?.inAlarm === true);
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
