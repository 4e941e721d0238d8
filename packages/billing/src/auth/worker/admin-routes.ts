import { type AuthEnv, isAdmin } from "@userdo/auth";
import { UserDOError, parseInput, userStub } from "@userdo/core";
import { AdjustBody, CreditLimitBody } from "./route-inputs.js";
import { readJsonObject } from "../../worker/body.js";
import { assertCookieWriteFromThisSite, credentialOf } from "./credential.js";
import { ADMIN_SCOPE } from "./scopes.js";
import type { UsersOption } from "./options.js";
import { requestKey } from "../../worker/request-key.js";
import type { BillingStatsSource } from "../../worker/stats.js";

/** Options of the admin routes. */
export interface AdminOptions<Env> extends UsersOption<Env> {
  /** Who is an admin, by user id. Default: `ADMIN_OWNER_ID` through `@userdo/auth`'s `isAdmin`. */
  readonly isAdmin?: (user: string, env: Env) => boolean | Promise<boolean>;
  /** Where `/admin/stats` reads totals (the master); the route answers 404 `no_stats` without it. */
  readonly stats?: (env: Env) => BillingStatsSource;
}

/**
 * The admin's user id, after their credential is verified in their own object
 * (one call) and checked against the admin list. Credentials come from the
 * cookie or the Authorization header only, never from a query string. A
 * write authenticated by the cookie must come from this site (403 otherwise).
 *
 * @example
 * ```ts
 * const admin = await requireAdmin(request, env, { users: (env) => env.USERS }); // 401 / 403 otherwise
 * ```
 */
export async function requireAdmin<Env>(request: Request, env: Env, options: AdminOptions<Env>): Promise<string> {
  // Admin routes take no query string, so no secret can ever ride in one (and land in logs).
  if (new URL(request.url).search !== "") {
    throw new UserDOError(
      400,
      "query_not_allowed",
      "admin routes take no query string; send credentials in the Authorization header",
    );
  }
  if (request.method !== "GET" && request.method !== "HEAD") assertCookieWriteFromThisSite(request);
  const credential = await credentialOf(request, env);
  if (!credential) throw new UserDOError(401, "unauthenticated", "admin routes need a session or an API token");
  const me = await userStub(options.users(env), credential.user).billingAccountAs(credential, { scope: ADMIN_SCOPE });
  if (!me.authenticated) throw new UserDOError(401, "unauthenticated", "the session or token is not valid");
  const admin = options.isAdmin ? await options.isAdmin(me.user, env) : await isAdmin(me.user, env as AuthEnv);
  if (!admin) throw new UserDOError(403, "forbidden", "admins only");
  return me.user;
}

/**
 * `POST /admin/balance` `{ "user": "583231", "amount": -500, "reason": "..." }`:
 * adjusts a balance with a reason; audit-logged in the user's object with the
 * admin's id. Idempotent on the `Idempotency-Key` header, which it requires
 * (or `"key"` in the body): a retried adjustment moves money once.
 */
export async function handleAdjust<Env>(request: Request, env: Env, options: AdminOptions<Env>): Promise<Response> {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "POST only");
  const admin = await requireAdmin(request, env, options);
  const { user, amount, reason, key: bodyKey } = parseInput(AdjustBody, await readJsonObject(request, 4096));
  const key = requestKey(request, bodyKey ?? null);
  if (key === null) {
    throw new UserDOError(
      400,
      "idempotency_key_required",
      "send an Idempotency-Key header (any unique string) so that a retried adjustment moves money once",
    );
  }
  const result = await userStub(options.users(env), user).billingAdjust({ amount, reason, admin, key });
  return Response.json({ user, ...result });
}

/** `POST /admin/credit-limit` `{ "user": "583231", "creditLimit": 1000000 }` (null: back to the default). */
export async function handleCreditLimit<Env>(
  request: Request,
  env: Env,
  options: AdminOptions<Env>,
): Promise<Response> {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "POST only");
  const admin = await requireAdmin(request, env, options);
  const { user, creditLimit } = parseInput(CreditLimitBody, await readJsonObject(request, 4096));
  const account = await userStub(options.users(env), user).billingSetCreditLimit(creditLimit, admin);
  return Response.json({ user, account });
}

/** `GET /admin/stats`: users, sponsors, total credited, spent and balances, from the master. */
export async function handleStats<Env>(request: Request, env: Env, options: AdminOptions<Env>): Promise<Response> {
  if (request.method !== "GET") throw new UserDOError(405, "method_not_allowed", "GET only");
  await requireAdmin(request, env, options);
  if (!options.stats)
    // A deploy without an aggregate has no such route: a 404, never a 5xx (the operator reads why).
    throw new UserDOError(
      404,
      "no_stats",
      "this deploy has no billing stats: pass { stats: (env) => masterBillingStats(master) } to billingRoutes",
    );
  return Response.json(await options.stats(env).billingStats());
}
