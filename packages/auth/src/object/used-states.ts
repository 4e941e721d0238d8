import { type Param, type PluginContext, UserDOError, prepare, queryBuilder } from "@userdo/core";
import type { AuthTables } from "./tables.js";

/** How long a used OAuth state is remembered: longer than any state can live. */
export const USED_STATE_TTL_MS = 60 * 60 * 1000;

const qb = queryBuilder<AuthTables>();

const insertState = prepare(qb, (db, p: Param<{ hash: string; expiresAt: number }>) =>
  db
    .insertInto("_userdo_auth_used_states")
    .values({ hash: p("hash"), expires_at: p("expiresAt") })
    .onConflict((oc) => oc.doNothing()),
);

const forgetExpired = prepare(qb, (db, p: Param<{ now: number }>) =>
  db.deleteFrom("_userdo_auth_used_states").where("expires_at", "<=", p("now")),
);

/**
 * Marks an OAuth state as used; throws 400 when it already was. The state
 * cookie is also cleared at the callback, so this is the second lock: a
 * replayed callback URL with a kept cookie still logs in only once.
 */
export function consumeState(ctx: PluginContext, hash: string, now: number): void {
  ctx.sync.run(forgetExpired, { now });
  if (ctx.sync.run(insertState, { hash, expiresAt: now + USED_STATE_TTL_MS }).rowsWritten === 0) {
    throw new UserDOError(400, "state_replayed", "this login link was already used; start the login again");
  }
}
