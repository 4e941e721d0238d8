import { UserDOError } from "@userdo/core";
import { checkPolicies, checkPolicy } from "../policy/policy.js";
import type { RateLimitPolicies, RateLimitPolicy } from "../policy/policy-schema.js";

/**
 * A tier served by Cloudflare's built-in rate-limiting binding (`ratelimits`
 * in wrangler config) instead of a limiter object: no Durable Object call, but
 * counts are approximate and local to a Cloudflare location, and the binding
 * tells only allowed or not (no remaining budget). Restate its `limit` and
 * `period` as `policy` so the headers can announce them.
 *
 * @example
 * ```ts
 * const anonymous: CloudflareTier<Env> = {
 *   binding: (env) => env.ANON_LIMIT, // "simple": { "limit": 100, "period": 60 }
 *   policy: { name: "anon", limit: 100, window: 60 },
 * };
 * ```
 */
export interface CloudflareTier<Env> {
  readonly binding: (env: Env) => RateLimit;
  readonly policy: RateLimitPolicy;
}

/**
 * How one tier is limited: fixed policies, policies computed from facts the
 * caller passes (a plan, what the user has spent), or Cloudflare's binding.
 *
 * @example
 * ```ts
 * const tiers = {
 *   anonymous: { name: "anon", limit: 60, window: 60 },
 *   user: [{ name: "user", limit: 600, window: 60 }, { name: "user-daily", limit: 20_000, window: 86_400 }],
 *   paying: (facts: { spentCents: number }) => ({ name: "paying", limit: 600 + facts.spentCents, window: 60 }),
 * } satisfies Record<string, TierSpec<Env>>;
 * ```
 */
export type TierSpec<Env, Facts = never> =
  | RateLimitPolicies
  | ((facts: Facts) => RateLimitPolicies)
  | CloudflareTier<Env>;

/**
 * The facts a tier needs: the parameter of its function, or never.
 *
 * @example
 * ```ts
 * type F = FactsOf<(facts: { spent: number }) => RateLimitPolicy>; // { spent: number }
 * ```
 */
export type FactsOf<Spec> = Spec extends (facts: infer F) => unknown ? F : never;

/**
 * A tier resolved for one call: checked policies for a limiter object, or a binding.
 *
 * @example
 * ```ts
 * const tiers = {
 *   anonymous: { name: "anon", limit: 60, window: 60 },
 *   paying: (facts: { spentCents: number }) => ({ name: "paying", limit: 600 + facts.spentCents, window: 60 }),
 * };
 * const tier = resolveTier(tiers, "anonymous", undefined); // { kind: "objects", policies: [...] }
 * ```
 */
export type ResolvedTier<Env> =
  | { readonly kind: "objects"; readonly policies: readonly RateLimitPolicy[] }
  | { readonly kind: "cloudflare"; readonly binding: (env: Env) => RateLimit; readonly policy: RateLimitPolicy };

function isCloudflareTier<Env>(spec: TierSpec<Env>): spec is CloudflareTier<Env> {
  return typeof spec === "object" && spec !== null && "binding" in spec;
}

/**
 * The policies of `tier` for this call. An unknown tier is a 400 (`bad_tier`);
 * a tier function that throws or returns a bad policy fails the call with the
 * error it gave or a 400 that names the tier and the field.
 *
 * @example
 * ```ts
 * const tiers = {
 *   anonymous: { name: "anon", limit: 60, window: 60 },
 *   paying: (facts: { spentCents: number }) => ({ name: "paying", limit: 600 + facts.spentCents, window: 60 }),
 * };
 * resolveTier(tiers, "paying", { spentCents: 1200 });
 * ```
 */
export function resolveTier<Env>(
  tiers: Readonly<Record<string, TierSpec<Env>>>,
  tier: unknown,
  facts: unknown,
): ResolvedTier<Env> {
  const spec = typeof tier === "string" && Object.hasOwn(tiers, tier) ? tiers[tier] : undefined;
  if (spec === undefined) throw new UserDOError(400, "bad_tier", `unknown rate limit tier ${JSON.stringify(tier)}`);
  // A bad policy names its tier (`tiers.paying.limit must be ...`).
  if (isCloudflareTier(spec))
    return { kind: "cloudflare", binding: spec.binding, policy: checkPolicy(spec.policy, `tiers.${tier}.policy`) };
  // The call's type (RateLimitCall) already tied `facts` to this tier's function;
  // here, past the lookup by name, only that link is lost.
  const policies = typeof spec === "function" ? spec(facts as never) : spec;
  return { kind: "objects", policies: checkPolicies(policies, `tiers.${tier}`) };
}
