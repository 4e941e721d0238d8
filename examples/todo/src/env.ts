import type { AuthEnv } from "@userdo/auth";
import type { Master } from "./master.js";
import type { TodoDO } from "./todo-do.js";
import type { UserObject } from "./user-object.js";

/**
 * The todo Worker's bindings. Secrets: `GITHUB_CLIENT_SECRET`, `STUDIO_TOKEN`
 * (`wrangler secret put`); `wrangler dev` passes dev-only values with `--var`.
 *
 * @example
 * ```ts
 * const todos = await userStub(env.TODOS, user.id).list({ user: user.id });
 * ```
 */
export interface Env extends AuthEnv {
  /** Each user's account: profile, sessions, tokens and ledger (auth + billing). */
  readonly USERS: DurableObjectNamespace<UserObject>;
  /** Each user's todo database; it trusts only the identity the Worker passes. */
  readonly TODOS: DurableObjectNamespace<TodoDO>;
  /** Every user's todos, replicated. */
  readonly MASTER: DurableObjectNamespace<Master>;
  /** Secret: Outerbase Studio access to `/sqlite/...`. */
  readonly STUDIO_TOKEN?: string;
  /** Where users without funds are sent to pay. */
  readonly PAY_URL?: string;
  /** `true` gives the dev login demo credit (localhost only). */
  readonly DEMO_DATA?: string;
}
