export { rateLimiter } from "./worker/rate-limiter.js";
export type { LimiterNamespace, RateLimitCall, RateLimitFunction, RateLimiterConfig } from "./worker/rate-limiter.js";
export { RateLimitResult } from "./worker/rate-limit-result.js";
export { resolveTier } from "./worker/tiers.js";
export type { CloudflareTier, FactsOf, ResolvedTier, TierSpec } from "./worker/tiers.js";
export { limitWithBinding } from "./worker/cloudflare-backend.js";
export { clientKey, ipKey, UNKNOWN_CLIENT_KEY } from "./worker/client-ip.js";
export { shardName, spreadPart } from "./worker/shard.js";
export {
  RATELIMIT_DRAFT,
  rateLimitHeaders,
  rateLimitField,
  rateLimitPolicyField,
} from "./headers/ratelimit-headers.js";
export { ratelimitPlugin } from "./object/ratelimit-plugin.js";
export type { RatelimitPluginOptions } from "./object/ratelimit-plugin.js";
export { RateLimiterDO } from "./object/rate-limiter-do.js";
export { BUCKETS_TABLE } from "./object/bucket-table.js";
export { DEFAULT_SWEEP } from "./object/sweeper.js";
export type { SweepOptions, SweepReport } from "./object/sweeper.js";
export type { PolicyStatus, RateLimitDecision, RateLimitRequest } from "./shared/decision.js";
export { checkCost, checkKey, checkPolicies, checkPolicy } from "./policy/policy.js";
export { POLICY_LIMITS } from "./policy/policy-schema.js";
export type { RateLimitPolicies, RateLimitPolicy } from "./policy/policy-schema.js";
