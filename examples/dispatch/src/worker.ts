import { authRoutes } from "@userdo/auth";
import { billingRoutes } from "@userdo/billing/auth";
import { stripeRoutes } from "@userdo/billing/stripe";
import { UserDOError, errorResponse } from "@userdo/core";
import { appForHost } from "./apps.js";
import { consolePage } from "./console.js";
import { dispatchToApp } from "./dispatch.js";

const owners = (env: Env) => env.OWNERS;
const auth = authRoutes<Env>({ users: owners });
const billing = billingRoutes<Env>({
  users: owners,
  stripe: stripeRoutes({
    secretKey: (env) => env.STRIPE_SECRET_KEY,
    webhookSecret: (env) => env.STRIPE_WEBHOOK_SECRET,
    productName: "Hosting quota top-up",
  }),
});

/**
 * The dispatch Worker. A request to an app host (`<app>.<APPS_DOMAIN>`) is
 * metered against the app owner's quota and forwarded to the app's script;
 * anything else is the owners' console: login, balance, Stripe top-ups and
 * the Stripe webhook. Errors are JSON `{"error", "code"}`.
 *
 * @example
 * ```ts
 * export default { fetch: handle } satisfies ExportedHandler<Env>;
 * ```
 */
export async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  try {
    const app = appForHost(env.APPS, env.APPS_DOMAIN, url.host);
    if (app) return await dispatchToApp(request, env, app);
    const answer = (await auth(request, env, ctx)) ?? (await billing(request, env, ctx));
    if (answer) return answer;
    if (url.pathname !== "/") throw new UserDOError(404, "not_found", `no route ${url.pathname}`);
    if (request.method !== "GET") throw new UserDOError(405, "method_not_allowed", "the console page answers GET");
    return await consolePage(request, env);
  } catch (error) {
    return errorResponse(error, request);
  }
}
