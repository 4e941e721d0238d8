import { DEV_PROFILE, authRoutes, isLocalhost, loginProviders, readAuthConfig, requireUser } from "@userdo/auth";
import { formatUsd, usd } from "@userdo/billing";
import { paid, readAccount } from "@userdo/billing/auth";
import { assertSameOrigin, UserDOError, errorResponse, studioRoute, userStub } from "@userdo/core";
import { readForm } from "./form-body.js";
import { loginPage, todoPage } from "./page.js";
import { type Caller, parseAction, parseId, parseKey, parseTitle } from "./todo-input.js";

/** What one change to the todo list costs: $0.001 (1,000 micro-dollars). */
export const PRICE_PER_WRITE = usd(0.001);
/** The dev login's demo credit: $1. */
export const DEMO_CREDIT = usd(1);

const users = (env: Env) => env.USERS;
const auth = authRoutes<Env>({ users });
const studio = studioRoute<Env>({
  namespaces: { USERS: users, TODOS: (env) => env.TODOS, MASTER: { namespace: (env) => env.MASTER, readOnly: true } },
  token: (env) => env.STUDIO_TOKEN,
});

/**
 * The proxy: checks the input, then `paid()` verifies the caller and reserves
 * the price in ONE call to their account, runs the write on their todo
 * database (the verified caller goes as an RPC argument), and charges it once
 * it succeeded. The form's key is the idempotency key, bound to this write:
 * a double submit answers the first answer (its 303), and the same key on
 * another write is a 409, so one payment never pays for two writes. A write
 * that fails (a todo deleted in another tab) is not charged.
 */
async function paidWrite(
  request: Request,
  env: Env,
  key: string,
  what: string,
  write: (caller: Caller) => Promise<unknown>,
): Promise<Response> {
  assertSameOrigin(request);
  const options = {
    users,
    price: PRICE_PER_WRITE,
    idempotencyKey: key,
    body: what,
    scope: "todo:write",
    payUrl: env.PAY_URL,
  };
  return paid(request, env, options, async (caller) => {
    await write({ user: caller.user, via: caller.via, tokenId: caller.tokenId });
    return new Response(null, { status: 303, headers: { location: "/" } });
  });
}

async function home(request: Request, env: Env): Promise<Response> {
  const me = await readAccount(request, env, { users, withProfile: true }).catch((error: unknown) => {
    if (error instanceof UserDOError && error.status === 401) return null;
    throw error;
  });
  if (!me) return loginPage(readAuthConfig(env).skipLogin && isLocalhost(new URL(request.url)), loginProviders(env));
  const caller: Caller = { user: me.user, via: me.via, tokenId: me.tokenId };
  const todos = await userStub(env.TODOS, me.user).list(caller);
  return todoPage({ login: me.profile?.login ?? me.user, balance: formatUsd(me.account.balance), todos });
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
    return paidWrite(request, env, key, title, (caller) => userStub(env.TODOS, caller.user).add(caller, title, key));
  }
  const item = /^\/todos\/([^/]+)$/.exec(path);
  if (item && request.method === "POST") {
    const id = parseId(item[1]);
    const body = await readForm(request);
    const key = parseKey(body.get("key"));
    const action = parseAction(body.get("action"));
    return paidWrite(request, env, key, action, (caller) => {
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
