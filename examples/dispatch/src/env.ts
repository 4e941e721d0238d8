import type { AuthEnv } from "@userdo/auth";
import type { HostedApps } from "./apps.js";
import type { OwnerObject } from "./owner-object.js";

/**
 * The dispatch Worker's bindings. In production `DISPATCHER` is a Workers
 * for Platforms dispatch namespace; locally, service bindings named
 * `APP_<SCRIPT>` stand in for it (see `dispatcher.ts`). Secrets:
 * `GITHUB_CLIENT_SECRET`, `STRIPE_SECRET_KEY`, `STRIPE_WEBHOOK_SECRET`.
 *
 * @example
 * ```ts
 * const app = appForHost(env.APPS, env.APPS_DOMAIN, new URL(request.url).host);
 * ```
 */
export interface Env extends AuthEnv {
  /** One billing object per app owner: login, prepaid request quota, balance. */
  readonly OWNERS: DurableObjectNamespace<OwnerObject>;
  /** Hosted apps by name: `{ "hello": { "owner": "583231", "script": "hello" } }`. */
  readonly APPS: HostedApps;
  /** Apps answer at `<name>.<APPS_DOMAIN>` (`apps.example.com`; `localhost` in dev). */
  readonly APPS_DOMAIN: string;
  /** The owners' console, where quota is topped up (`https://example.com`). */
  readonly CONSOLE_URL: string;
  /** Production: the Workers for Platforms dispatch namespace holding the apps' scripts. */
  readonly DISPATCHER?: DispatchNamespace;
  /** Local stand-in for the dispatch namespace: the script "hello". */
  readonly APP_HELLO?: Fetcher;
  /** Secret: Stripe's API key (`sk_...`). */
  readonly STRIPE_SECRET_KEY?: string;
  /** Secret: the Stripe webhook endpoint's signing secret (`whsec_...`). */
  readonly STRIPE_WEBHOOK_SECRET?: string;
}
