import { ConfigurationError, UserDOError } from "@userdo/core";
import type { RateLimitDecision, RateLimitRequest } from "../shared/decision.js";
import { checkCost, checkKey } from "../policy/policy.js";
import { clientKey } from "./client-ip.js";
import { checkShards, checkSpread } from "./limiter-inputs.js";
import { limitWithBinding } from "./cloudflare-backend.js";
import { RateLimitResult } from "./rate-limit-result.js";
import { shardName, spreadPart } from "./shard.js";
import { type FactsOf, type TierSpec, resolveTier } from "./tiers.js";

/**
 * Any namespace whose objects carry the ratelimit plugin: the ready
 * `RateLimiterDO`, or your own class with `ratelimitPlugin()` attached.
 *
 * @example
 * ```ts
 * const objects = (env: Env): LimiterNamespace => env.RATE_LIMITER; // DurableObjectNamespace<RateLimiterDO>
 * ```
 */
export interface LimiterNamespace {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): { rateLimit(request: RateLimitRequest): Promise<RateLimitDecision> };
}

/**
 * Configuration of {@link rateLimiter}.
 *
 * @example
 * ```ts
 * const config = {
 *   objects: (env: Env) => env.RATE_LIMITER,
 *   tiers: { anonymous: { name: "anon", limit: 60, window: 60 } },
 * };
 * ```
 */
export interface RateLimiterConfig<Env, Tiers extends Record<string, TierSpec<Env>>> {
  /** The limiter objects; needed unless every tier uses Cloudflare's binding. */
  readonly objects?: (env: Env) => LimiterNamespace;
  readonly tiers: Tiers;
  /**
   * How many limiter objects share the keys (default 16). Each holds the keys
   * whose hash lands on it and serves up to roughly 1,000 requests/s. Changing
   * it moves most keys to other objects, which starts their buckets afresh.
   */
  readonly shards?: number;
  /** Object names are `<prefix><n>` (default `"ratelimit:"`). */
  readonly prefix?: string;
}

/**
 * One call: which tier, whose key (the client's IP by default), and optionally
 * the facts a computed tier needs, the cost, a hot-key spread and the time.
 * A tier given as a function requires its `facts`; other tiers take none.
 *
 * @example
 * ```ts
 * const tiers = {
 *   anonymous: { name: "anon", limit: 60, window: 60 },
 *   paying: (facts: { spentCents: number }) => ({ name: "paying", limit: 600 + facts.spentCents, window: 60 }),
 * };
 * const call: RateLimitCall<typeof tiers> = { tier: "paying", key: `user:${id}`, facts: { spentCents: 1200 } };
 * ```
 */
export type RateLimitCall<Tiers> = {
  [K in keyof Tiers & string]: {
    readonly tier: K;
    /** Whose counter; defaults to the client's IP (`clientKey(request)`). */
    readonly key?: string | undefined;
    /** Units this request takes (default 1). */
    readonly cost?: number | undefined;
    /**
     * Spread this key over this many objects (1 to 64, default 1) when one
     * object cannot take its traffic; each gets its share of the limit.
     * Limiter objects only (Cloudflare's binding spreads by itself).
     */
    readonly spread?: number | undefined;
    /** Milliseconds since the epoch, for tests and replays; the object's clock otherwise (limiter objects only). */
    readonly now?: number | undefined;
  } & ([FactsOf<Tiers[K]>] extends [never] ? { readonly facts?: undefined } : { readonly facts: FactsOf<Tiers[K]> });
}[keyof Tiers & string];

/**
 * The function {@link rateLimiter} returns.
 *
 * @example
 * ```ts
 * const limited = await ratelimit(request, env, { tier: "anonymous" });
 * ```
 */
export type RateLimitFunction<Env, Tiers> = (
  request: Request,
  env: Env,
  call: RateLimitCall<Tiers>,
) => Promise<RateLimitResult>;

/**
 * Builds the Worker-side limiter once (module level); call it per request.
 * Keys go to one of `shards` limiter objects by a stable hash, so one object
 * holds many keys and a limit costs one RPC.
 *
 * @example
 * ```ts
 * const ratelimit = rateLimiter({
 *   objects: (env: Env) => env.RATE_LIMITER,
 *   tiers: {
 *     anonymous: { name: "anon", limit: 60, window: 60 },
 *     user: { name: "user", limit: 600, window: 60 },
 *   },
 * });
 *
 * // in fetch:
 * const limited = await ratelimit(request, env, user ? { tier: "user", key: `user:${user}` } : { tier: "anonymous" });
 * if (!limited.allowed) return limited.response();
 * return limited.apply(await app(request, env));
 * ```
 */
export function rateLimiter<Env, const Tiers extends Record<string, TierSpec<Env>>>(
  config: RateLimiterConfig<Env, Tiers>,
): RateLimitFunction<Env, Tiers> {
  const shards = checkShards(config.shards);
  const prefix = config.prefix ?? "ratelimit:";
  const tiers: Readonly<Record<string, TierSpec<Env>>> = Object.freeze({ ...config.tiers });

  return async (request, env, call) => {
    const tier = resolveTier(tiers, call.tier, call.facts);
    const key = checkKey(call.key ?? clientKey(request));
    if (tier.kind === "cloudflare") {
      const cost = checkCost(call.cost, [tier.policy]);
      return new RateLimitResult(await limitWithBinding(tier.binding(env), tier.policy, key, cost));
    }
    const cost = checkCost(call.cost, tier.policies);
    const smallest = Math.min(...tier.policies.map((p) => p.limit));
    const parts = checkSpread(call.spread, smallest);
    if (cost > Math.floor(smallest / parts)) {
      throw new UserDOError(
        400,
        "bad_rate_limit",
        `cost ${cost} exceeds each part's share of the limit when spread over ${parts}`,
      );
    }
    if (!config.objects)
      throw new ConfigurationError(
        "bad_ratelimit_options",
        "rateLimiter: this tier uses limiter objects; pass `objects: (env) => env.RATE_LIMITER`",
      );
    const namespace = config.objects(env);
    // A hot key: one part at random, so its load spreads evenly over `parts` objects.
    const part =
      parts === 1
        ? { key, policies: [...tier.policies] }
        : spreadPart(key, tier.policies, Math.floor(Math.random() * parts), parts);
    const stub = namespace.get(namespace.idFromName(shardName(part.key, shards, prefix)));
    const decision = await stub.rateLimit({ key: part.key, policies: part.policies, cost, now: call.now });
    return new RateLimitResult(parts === 1 ? decision : wholeFromPart(decision, tier.policies, parts));
  };
}

/** Reports one part of a spread key against the whole policy: its remaining scaled up (an estimate). */
function wholeFromPart(
  decision: RateLimitDecision,
  policies: readonly { name: string; limit: number }[],
  parts: number,
): RateLimitDecision {
  return {
    ...decision,
    policies: decision.policies.map((p, i) => {
      const limit = policies[i]!.limit;
      return { ...p, limit, remaining: p.remaining === null ? null : Math.min(limit, p.remaining * parts) };
    }),
  };
}
