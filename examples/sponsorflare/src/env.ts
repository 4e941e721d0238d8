import type { AuthEnv } from "@userdo/auth";
import type { Master } from "./master.js";
import type { RateLimiterDO } from "@userdo/ratelimit";
import type { UserObject } from "./user-object.js";

/**
 * The Worker's bindings and settings. Vars live in `wrangler.jsonc`; secrets
 * (`GITHUB_CLIENT_SECRET`, `GITHUB_WEBHOOK_SECRET`, `STUDIO_TOKEN`) are set with
 * `wrangler secret put`, and `wrangler dev` passes dev-only values with `--var`.
 *
 * @example
 * ```ts
 * const balance = await userStub(env.USERS, "583231").billingAudit();
 * ```
 */
export interface Env extends AuthEnv {
  /** One object per GitHub user: profile, sessions, tokens and ledger. */
  readonly USERS: DurableObjectNamespace<UserObject>;
  /** The aggregate every user's replicated rows go to (the user registry, billing totals). */
  readonly MASTER: DurableObjectNamespace<Master>;
  /** Token buckets for anonymous visitors, keyed by IP. */
  readonly RATE_LIMITER: DurableObjectNamespace<RateLimiterDO>;
  /** Where a user without funds is sent to pay (your GitHub Sponsors page). */
  readonly PAY_URL?: string;
  /** Secret: the GitHub Sponsors webhook's secret; turns on `POST /github-webhook`. */
  readonly GITHUB_WEBHOOK_SECRET?: string;
  /** Secret: the studio token for Outerbase (`/sqlite/...`); the studio is closed without it. */
  readonly STUDIO_TOKEN?: string;
  /** Requests an anonymous IP may make per minute (default 60). */
  readonly ANONYMOUS_PER_MINUTE?: string;
  /** `true` gives the dev login demo money and usage history (localhost only). */
  readonly DEMO_DATA?: string;
}
