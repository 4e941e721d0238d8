// The app around the docs' examples: what a block may use without declaring it.
// A block gets these through an added import when it uses one of the names and
// does not declare it; a fragment runs as a method of `UserObject` (`this`). All
// are real types, so a call on `stub` or `env.USERS` that the packages do not
// have fails the check. Keep it to the names a Worker or an object always has.
import { auth, type AuthEnv, type Credential } from "@userdo/auth";
import { billing } from "@userdo/billing/auth";
import { type MasterDO, type Migration, type PluginContext, UserDO, withPlugins } from "@userdo/core";
import type { RateLimitFunction, RateLimiterDO, TierSpec } from "@userdo/ratelimit";
import type { Generated } from "kysely";

/** The tables of the examples' user object. */
export interface DB {
  todo: { id: Generated<number>; title: string; done: number; created_at: Generated<number> };
  note: { id: Generated<number>; text: string };
}

/** The bindings of the examples' wrangler.jsonc (the root README's three classes, and a D1). */
export interface Env extends AuthEnv {
  USERS: DurableObjectNamespace<UserObject>;
  TODO: DurableObjectNamespace<UserObject>;
  MASTER: DurableObjectNamespace<MasterDO>;
  RATE_LIMITER: DurableObjectNamespace<RateLimiterDO>;
  ANALYTICS: D1Database;
  STUDIO_TOKEN: string;
  STUDIO_READONLY_TOKEN?: string;
  ADMIN_TOKEN: string;
  GITHUB_WEBHOOK_SECRET: string;
  STRIPE_SECRET_KEY: string;
  STRIPE_WEBHOOK_SECRET: string;
  GITHUB_SPONSORS_TOKEN: string;
  SEARCH_LIMIT: RateLimit;
  ANON_LIMIT: RateLimit;
  // x402 (@userdo/billing/x402): wrangler vars.
  X402_PAY_TO: string;
  X402_NETWORK: string;
  X402_FACILITATOR_URL: string;
  X402_PRICES: string;
}

export const migrations: Migration[] = [];

/** The tasks of the examples' user object. */
export interface Tasks {
  remind: { id: number };
  expire: { id: number };
  charge: { id: number };
  digest: {};
}

/** A user's object: a UserDO with auth and billing, a todo list and tasks. */
export class UserObject extends withPlugins(UserDO<Env, DB, Tasks>, auth(), billing()) {
  add(title: string) {
    return this.db.insertInto("todo").values({ title, done: 0 }).returningAll().executeTakeFirstOrThrow();
  }
  list() {
    return this.db.selectFrom("todo").selectAll().execute();
  }
  /** Charges a cent and writes the note in one transaction (see billingCharge). */
  addNote(text: string, key: string) {
    return this.ctx.storage.transactionSync(() => {
      this.billingCharge({ amount: 10_000, key });
      return this.sync.exec("INSERT INTO note (text) VALUES (?)", text).rowsWritten;
    });
  }
}

/** `this` in a fragment: inside the user's object, or a plugin's method (PluginContext). */
export type Self = PluginContext<Env> & Omit<UserObject, keyof PluginContext<Env>>;

export declare const env: Env;
export declare const request: Request;
export declare const ctx: ExecutionContext;
export declare const url: URL;
/** The answer your app made. */
export declare const response: Response;
/** The signed-in user's id. */
export declare const user: string;
export declare const userId: string;
/** A row's id. */
export declare const id: number;
/** A user's object. */
export declare const stub: DurableObjectStub<UserObject>;
/** The credential a request presented (a session or an API token). */
export declare const credential: Credential;
/** Where billing and auth find a user's object. */
export declare const users: (env: Env) => DurableObjectNamespace<UserObject>;
/** A `rateLimiter(...)` with an `anonymous` (by IP) and a `user` tier. */
export declare const ratelimit: RateLimitFunction<Env, { anonymous: TierSpec<Env>; user: TierSpec<Env> }>;
/** The rest of your Worker. */
export declare function app(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response>;
