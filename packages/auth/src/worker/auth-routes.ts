import { UserDOError, type WorkerRoute, errorResponse } from "@userdo/core";
import { githubProvider } from "../github/github-oauth.js";
import { xProvider } from "../x/x-oauth.js";
import type { AuthEnv } from "./auth-env.js";
import { type AuthOptions, type AuthRequest, authRequest, resolveAuthSettings } from "./auth-options.js";
import { listSessionsRoute, listTokensRoute, revokeSessionRoute, revokeTokenRoute } from "./manage-routes.js";
import { me } from "./me.js";
import { oauthCallback } from "./oauth-callback.js";
import { oauthLogin } from "./oauth-login.js";
import { logoutPage } from "./logout-page.js";
import { oauthLogout } from "./oauth-logout.js";
import { assertSigningDefault } from "./signing-default.js";
import { oauthToken } from "./token-endpoint.js";

type Handler = (req: AuthRequest, id: string) => Promise<Response>;

const githubCallback: Handler = (req) => oauthCallback(req, githubProvider);
const xCallback: Handler = (req) => oauthCallback(req, xProvider);

/** Method -> handler for each exact path; `/login`, `/callback`, `/logout` are sponsorflare's names. */
const ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  "/oauth/login": { GET: oauthLogin },
  "/login": { GET: oauthLogin },
  "/oauth/callback": { GET: githubCallback },
  "/callback": { GET: githubCallback },
  "/oauth/x/callback": { GET: xCallback },
  "/oauth/logout": { GET: logoutPage, POST: oauthLogout },
  "/logout": { GET: logoutPage, POST: oauthLogout },
  "/oauth/token": { POST: oauthToken },
  "/me": { GET: me },
  "/oauth/sessions": { GET: listSessionsRoute },
  "/oauth/tokens": { GET: listTokensRoute },
};

/** Routes with an id at the end: `/oauth/sessions/:id`, `/oauth/tokens/:id`. */
const ITEM_ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  "/oauth/sessions/": { DELETE: revokeSessionRoute },
  "/oauth/tokens/": { DELETE: revokeTokenRoute },
};

/** The methods that act on a route: a logout's GET only shows a page, so a 405 there names POST. */
function allowed(methods: Readonly<Record<string, Handler>>): string {
  return Object.keys(methods)
    .filter((method) => methods[method] !== logoutPage)
    .join(", ");
}

function match(pathname: string): { methods: Readonly<Record<string, Handler>>; id: string } | null {
  const exact = ROUTES[pathname];
  if (exact) return { methods: exact, id: "" };
  for (const [prefix, methods] of Object.entries(ITEM_ROUTES)) {
    if (pathname.startsWith(prefix) && pathname.length > prefix.length && !pathname.includes("/", prefix.length)) {
      return { methods, id: pathname.slice(prefix.length) };
    }
  }
  return null;
}

/**
 * All of auth's Worker endpoints as one handler: GitHub and X login,
 * callbacks, logout, token creation, `/me`, and listing and revoking sessions and tokens.
 * Answers null for any other path, so it mounts in front of the app. Errors
 * are JSON `{"error", "code"}` with their status; nothing secret is logged.
 *
 * @example
 * ```ts
 * const authHandler = authRoutes<Env>({ users: (env) => env.USERS });
 * export default {
 *   async fetch(request, env, ctx) {
 *     return (await authHandler(request, env, ctx)) ?? app(request, env);
 *   },
 * } satisfies ExportedHandler<Env>;
 * ```
 */
export function authRoutes<Env extends AuthEnv>(options: AuthOptions<Env>): WorkerRoute<Env> {
  const settings = resolveAuthSettings(options);
  const users = options.users;
  return async (request, env) => {
    const route = match(new URL(request.url).pathname);
    if (route === null) return null;
    try {
      const handler = route.methods[request.method];
      if (!handler) {
        throw new UserDOError(405, "method_not_allowed", `use ${allowed(route.methods).replaceAll(", ", " or ")}`);
      }
      const req = authRequest(request, env, users, settings);
      // Signing is the default: off localhost, no key and no AUTH_UNSIGNED=true serves nothing.
      assertSigningDefault(req.config.signing, req.config.unsigned, req.url, 404);
      return await handler(req, route.id);
    } catch (error) {
      const response = errorResponse(error);
      if (response.status === 405) response.headers.set("allow", allowed(route.methods));
      response.headers.set("cache-control", "no-store");
      return response;
    }
  };
}
