import type { BillingNamespace } from "./options.js";

/** One Worker route: its answer, errors included (a handler answers JSON `{error, code}` itself). */
export type RouteHandler<Env> = (request: Request, env: Env) => Promise<Response>;

/**
 * The routes a funding source brings to {@link billingRoutes}, by path. Made
 * by the source's own entry (`stripeRoutes()` of `@userdo/billing/stripe`), so
 * an app that does not import that entry bundles none of the source's code.
 *
 * @example
 * ```ts
 * billingRoutes<Env>({ users, stripe: stripeRoutes({ secretKey: (env) => env.STRIPE_SECRET_KEY, webhookSecret: (env) => env.STRIPE_WEBHOOK_SECRET }) });
 * ```
 */
export interface FundingRoutes<Env> {
  /** The handlers by path, for the user objects `users` names. */
  routes(users: (env: Env) => BillingNamespace): ReadonlyMap<string, RouteHandler<Env>>;
}
