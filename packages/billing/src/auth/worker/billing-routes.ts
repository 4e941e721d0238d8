import { errorResponse } from "@userdo/core";
import { type GithubWebhookOptions, handleGithubWebhook } from "../../worker/github-webhook.js";
import { handleBalance, handleUsage } from "./account-routes.js";
import { type AdminOptions, handleAdjust, handleCreditLimit, handleStats } from "./admin-routes.js";
import type { FundingRoutes, RouteHandler } from "./funding-routes.js";

/** Options of {@link billingRoutes}: where the user objects are, and which funding sources are on. */
export interface BillingRoutesOptions<Env> extends AdminOptions<Env> {
  /** Turns on `POST /github-webhook`. */
  readonly github?: Omit<GithubWebhookOptions<Env>, "users">;
  /**
   * Turns on the Stripe routes (`POST /stripe/checkout`, `POST /stripe-webhook`,
   * `GET /stripe/success`): `stripeRoutes({...})` of `@userdo/billing/stripe`.
   */
  readonly stripe?: FundingRoutes<Env>;
}

/**
 * The billing plugin's Worker routes as one handler: `GET /balance`,
 * `GET /usage`, `POST /github-webhook`, the Stripe routes, and the admin routes
 * `POST /admin/balance`, `POST /admin/credit-limit`, `GET /admin/stats`. It
 * answers null for any other path; errors become JSON `{error, code}` with
 * their status.
 *
 * @example
 * ```ts
 * const routes = billingRoutes<Env>({
 *   users: (env) => env.USERS,
 *   github: { secret: (env) => env.GITHUB_WEBHOOK_SECRET },
 * });
 * export default {
 *   fetch: async (request, env, ctx) => (await routes(request, env, ctx)) ?? app(request, env),
 * } satisfies ExportedHandler<Env>;
 * ```
 */
export function billingRoutes<Env>(options: BillingRoutesOptions<Env>) {
  const table = new Map<string, RouteHandler<Env>>([
    ["/balance", (r, e) => handleBalance(r, e, options)],
    ["/usage", (r, e) => handleUsage(r, e, options)],
    ["/admin/balance", (r, e) => handleAdjust(r, e, options)],
    ["/admin/credit-limit", (r, e) => handleCreditLimit(r, e, options)],
    ["/admin/stats", (r, e) => handleStats(r, e, options)],
  ]);
  const { github, stripe } = options;
  if (github) table.set("/github-webhook", (r, e) => handleGithubWebhook(r, e, { ...github, users: options.users }));
  if (stripe) for (const [path, handler] of stripe.routes(options.users)) table.set(path, handler);
  return async (request: Request, env: Env, _ctx?: ExecutionContext): Promise<Response | null> => {
    const handler = table.get(new URL(request.url).pathname);
    if (!handler) return null;
    try {
      return await handler(request, env);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
