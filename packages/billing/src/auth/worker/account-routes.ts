import { UserDOError, parseQuery, userStub } from "@userdo/core";
import { UsageQueryString } from "./route-inputs.js";
import { credentialOf } from "./credential.js";
import type { UsersOption } from "./options.js";
import { READ_SCOPE } from "./scopes.js";
import { unauthenticated } from "../../worker/payment-required.js";

/** `GET /balance`: the caller's balance and totals (micro-dollars), one object call. Tokens need `billing:read`. */
export async function handleBalance<Env>(request: Request, env: Env, options: UsersOption<Env>): Promise<Response> {
  if (request.method !== "GET") throw new UserDOError(405, "method_not_allowed", "GET only");
  const credential = await credentialOf(request, env);
  if (!credential) return unauthenticated();
  const call = await userStub(options.users(env), credential.user).billingAccountAs(credential, { scope: READ_SCOPE });
  if (!call.authenticated) return unauthenticated();
  return Response.json({ user: call.user, ...call.result }, { headers: { "cache-control": "no-store" } });
}

/**
 * `GET /usage?days=30&limit=50&before=<id>`: the caller's daily usage and a page
 * of recent charges, newest first; `nextBefore` fetches the next page. Tokens
 * need `billing:read`.
 */
export async function handleUsage<Env>(request: Request, env: Env, options: UsersOption<Env>): Promise<Response> {
  if (request.method !== "GET") throw new UserDOError(405, "method_not_allowed", "GET only");
  const query = parseQuery(UsageQueryString, new URL(request.url));
  const credential = await credentialOf(request, env);
  if (!credential) return unauthenticated();
  const call = await userStub(options.users(env), credential.user).billingUsageAs(credential, query, {
    scope: READ_SCOPE,
  });
  if (!call.authenticated) return unauthenticated();
  return Response.json({ user: call.user, ...call.result }, { headers: { "cache-control": "no-store" } });
}
