import { DEV_PROFILE, authRoutes, isLocalhost, readAuthConfig } from "@userdo/auth";
import { masterBillingStats } from "@userdo/billing";
import { billingRoutes } from "@userdo/billing/auth";
import { UserDOError, errorResponse, studioRoute, userStub } from "@userdo/core";
import { adminDeleteRoute, adminExportRoute } from "./admin/admin-actions.js";
import { master } from "./admin/master-reads.js";
import { countsAgainstIp, limitAnonymous } from "./anonymous-limit.js";
import { openApiDocument } from "./openapi/document.js";
import { adminRoute, dashboardRoute, landingRoute } from "./pages.js";
import { paidRoute, x402Enabled, x402TopUpRoute } from "./paid-route.js";

const users = (env: Env) => env.USERS;

const auth = authRoutes<Env>({ users });

const billing = billingRoutes<Env>({
  users,
  github: { secret: (env) => env.GITHUB_WEBHOOK_SECRET },
  stats: (env) => masterBillingStats(master(env)),
});

// The master is read-only in the studio: it is a copy, written only by replication.
// The same token exports, imports and deletes users and runs fleet migrations (/sqlite/_fleet/USERS).
const studio = studioRoute<Env>({
  namespaces: { USERS: users, MASTER: { namespace: (env) => env.MASTER, readOnly: true } },
  token: (env) => env.STUDIO_TOKEN,
  fleet: master,
});

/** Paths that authenticate by other means than a user's session or token, so the IP limit does not apply. */
const NOT_IP_LIMITED = [/^\/sqlite\//, /^\/github-webhook$/];

type Route = (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response>;

function getOnly(route: Route): Route {
  return async (request, env, ctx) => {
    if (request.method !== "GET" && request.method !== "HEAD")
      throw new UserDOError(405, "method_not_allowed", `${new URL(request.url).pathname} answers GET`);
    return route(request, env, ctx);
  };
}

/**
 * The app's own routes, by path; auth's, billing's and the studio's are
 * theirs. The OpenAPI test checks that each is in `/openapi.json`.
 */
export const APP_ROUTES: Readonly<Record<string, Route>> = {
  "/api/paid": paidRoute,
  "/x402/top-up": x402TopUpRoute,
  "/admin/export": getOnly(adminExportRoute),
  "/admin/delete": adminDeleteRoute,
  "/openapi.json": getOnly(async (request, env) =>
    Response.json(openApiDocument(new URL(request.url).origin, x402Enabled(env)), {
      headers: { "access-control-allow-origin": "*" },
    }),
  ),
  "/": getOnly(landingRoute),
  "/dashboard": getOnly(dashboardRoute),
  "/admin": getOnly(adminRoute),
};

function isDevLogin(url: URL, env: Env): boolean {
  return (
    (url.pathname === "/oauth/login" || url.pathname === "/login") &&
    env.DEMO_DATA === "true" &&
    readAuthConfig(env).skipLogin &&
    isLocalhost(url)
  );
}

async function app(request: Request, env: Env, ctx: ExecutionContext, url: URL): Promise<Response> {
  // Dev only: the dev user starts with demo money and usage history (idempotent).
  if (isDevLogin(url, env)) await userStub(env.USERS, DEV_PROFILE.id).seedDemo();
  const answer = (await auth(request, env, ctx)) ?? (await billing(request, env, ctx));
  if (answer) return answer;
  const route = Object.hasOwn(APP_ROUTES, url.pathname) ? APP_ROUTES[url.pathname] : undefined;
  if (!route) throw new UserDOError(404, "not_found", `no route ${url.pathname}`);
  return route(request, env, ctx);
}

/**
 * The Worker: the studio and webhooks first (they carry their own
 * credentials), then every other request without a credential this app
 * signed (anonymous, malformed, forged, or any when the app does not sign)
 * counts against its IP's rate limit before any user's object is called;
 * then auth's and billing's routes, the paid API, the OpenAPI document and
 * the pages. Every error is a JSON `{"error", "code"}` with its status.
 *
 * @example
 * ```ts
 * export default { fetch: handle } satisfies ExportedHandler<Env>;
 * ```
 */
export async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  try {
    if (NOT_IP_LIMITED.some((path) => path.test(url.pathname))) {
      return (
        (await studio(request, env, ctx)) ??
        (await billing(request, env, ctx)) ??
        errorResponse(new UserDOError(404, "not_found", "not found"))
      );
    }
    if (!(await countsAgainstIp(request, env))) return await app(request, env, ctx, url);
    const limited = await limitAnonymous(request, env);
    if (!limited.allowed) return limited.response();
    return limited.apply(await app(request, env, ctx, url).catch((error: unknown) => errorResponse(error, request)));
  } catch (error) {
    return errorResponse(error, request);
  }
}
