import { DEV_PROFILE, authRoutes, isLocalhost, loginProviders, readAuthConfig, requireUser } from "@userdo/auth";
import { UNITS_PER_USD, charge, readAccount } from "@userdo/billing";
import { assertSameOrigin, UserDOError, errorResponse, studioRoute, userStub } from "@userdo/core";
import type { Env } from "./env.js";
import { readForm } from "./form-body.js";
import { loginPage, todoPage } from "./page.js";
import { type Caller, parseId, parseKey, parseTitle } from "./todo-input.js";

/** What one change to the todo list costs: $0.001, in billing units. */
export const PRICE_PER_WRITE = 1_000;
/** The dev login's demo credit: $1. */
export const DEMO_CREDIT = UNITS_PER_USD;

const users = (env: Env) => env.USERS;
const auth = authRoutes<Env>({ users });
const studio = studioRoute<Env>({
  namespaces: { USERS: users, TODOS: (env) => env.TODOS, MASTER: { namespace: (env) => env.MASTER, readOnly: true } },
  token: (env) => env.STUDIO_TOKEN,
});

function usd(units: number): string {
  const cents = Math.floor(Math.abs(units) / 10_000);
  return `${units < 0 ? "-" : ""}$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/**
 * The proxy: checks the input, then verifies the caller and charges them in
 * ONE call to their account, and only then forwards the verified caller to
 * their todo database as an RPC argument. A refused charge writes nothing.
 */
async function paidWrite(
  request: Request,
  env: Env,
  key: string,
  write: (caller: Caller) => Promise<unknown>,
): Promise<Response> {
  assertSameOrigin(request);
  const paid = await charge(request, env, {
    users,
    amount: PRICE_PER_WRITE,
    idempotencyKey: key,
    scope: "todo:write",
    payUrl: env.PAY_URL,
  });
  if (!paid.charged) return paid.response;
  await write({ user: paid.user, via: paid.via, tokenId: paid.tokenId });
  return new Response(null, { status: 303, headers: { location: "/" } });
}

async function home(request: Request, env: Env): Promise<Response> {
  const me = await readAccount(request, env, { users, withProfile: true }).catch((error: unknown) => {
    if (error instanceof UserDOError && error.status === 401) return null;
    throw error;
  });
  if (!me) return loginPage(readAuthConfig(env).skipLogin && isLocalhost(new URL(request.url)), loginProviders(env));
  const caller: Caller = { user: me.user, via: me.via, tokenId: me.tokenId };
  const todos = await userStub(env.TODOS, me.user).list(caller);
  return todoPage({ login: me.profile?.login ?? me.user, balance: usd(me.account.balance), todos });
}

async function app(request: Request, env: Env, url: URL): Promise<Response> {
  const path = url.pathname;
  if (path === "/" && request.method === "GET") return home(request, env);
  if (path === "/api/todos" && request.method === "GET") {
    const user = await requireUser(request, env, { users, scope: "todo:read" });
    return Response.json({
      todos: await userStub(env.TODOS, user.user).list({ user: user.user, via: user.via, tokenId: user.tokenId }),
    });
  }
  if (path === "/todos" && request.method === "POST") {
    const body = await readForm(request);
    const title = parseTitle(body.get("title"));
    const key = parseKey(body.get("key"));
    return paidWrite(request, env, key, (caller) => userStub(env.TODOS, caller.user).add(caller, title, key));
  }
  const item = /^\/todos\/([^/]+)$/.exec(path);
  if (item && request.method === "POST") {
    const id = parseId(item[1]);
    const body = await readForm(request);
    const key = parseKey(body.get("key"));
    const action = body.get("action");
    if (action !== "done" && action !== "open" && action !== "delete")
      throw new UserDOError(400, "bad_action", "action must be done, open or delete");
    return paidWrite(request, env, key, (caller) => {
      const todos = userStub(env.TODOS, caller.user);
      return action === "delete" ? todos.remove(caller, id) : todos.setDone(caller, id, action === "done");
    });
  }
  const known = path === "/" || path === "/todos" || path === "/api/todos" || item !== null;
  if (known) throw new UserDOError(405, "method_not_allowed", `${request.method} is not allowed on ${path}`);
  throw new UserDOError(404, "not_found", `no route ${path}`);
}

/**
 * The todo Worker: auth's routes, the studio, then the app. Every error is a
 * JSON `{"error", "code"}` with its status.
 *
 * @example
 * ```ts
 * export default { fetch: handle } satisfies ExportedHandler<Env>;
 * ```
 */
export async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  try {
    // Dev only: the dev user starts with demo credit (idempotent on its id).
    if (
      (url.pathname === "/oauth/login" || url.pathname === "/login") &&
      env.DEMO_DATA === "true" &&
      readAuthConfig(env).skipLogin &&
      isLocalhost(url)
    ) {
      await userStub(env.USERS, DEV_PROFILE.id).billingCredit({
        source: "demo",
        externalId: "welcome",
        amount: DEMO_CREDIT,
      });
    }
    return (await auth(request, env, ctx)) ?? (await studio(request, env, ctx)) ?? (await app(request, env, url));
  } catch (error) {
    return errorResponse(error, request);
  }
}
