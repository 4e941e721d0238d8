import { type Param, type PluginContext, UserDOError, prepare, queryBuilder } from "@userdo/core";
import type { NewToken, TokenInfo } from "../shared/token-info.js";
import type { AuthTables } from "./tables.js";

/** At most this many live (unrevoked, unexpired) tokens per user. */
export const MAX_TOKENS = 100;

const qb = queryBuilder<AuthTables>();

const insertToken = prepare(
  qb,
  (
    db,
    p: Param<{
      id: string;
      hash: string;
      name: string;
      scopes: string;
      budget: number | null;
      now: number;
      expiresAt: number;
    }>,
  ) =>
    db.insertInto("_userdo_auth_tokens").values({
      id: p("id"),
      secret_hash: p("hash"),
      name: p("name"),
      scopes: p("scopes"),
      budget: p("budget"),
      created_at: p("now"),
      expires_at: p("expiresAt"),
      last_used_at: null,
      revoked_at: null,
    }),
);

const countLive = prepare(qb, (db, p: Param<{ now: number }>) =>
  db
    .selectFrom("_userdo_auth_tokens")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("revoked_at", "is", null)
    .where("expires_at", ">", p("now")),
);

const listAll = prepare(qb, (db, p: Param<{ limit: number }>) =>
  db
    .selectFrom("_userdo_auth_tokens")
    .select(["id", "name", "scopes", "budget", "created_at", "expires_at", "last_used_at", "revoked_at"])
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(p("limit")),
);

const revokeById = prepare(qb, (db, p: Param<{ id: string; now: number }>) =>
  db
    .updateTable("_userdo_auth_tokens")
    .set({ revoked_at: p("now") })
    .where("id", "=", p("id"))
    .where("revoked_at", "is", null),
);

/** Stores a new token; refuses past {@link MAX_TOKENS} live ones. */
export function createToken(ctx: PluginContext, token: NewToken, now: number): TokenInfo {
  const live = ctx.sync.first(countLive, { now })?.n ?? 0;
  if (live >= MAX_TOKENS)
    throw new UserDOError(409, "too_many_tokens", `at most ${MAX_TOKENS} live tokens; revoke one first`);
  ctx.sync.run(insertToken, {
    id: token.id,
    hash: token.secretHash,
    name: token.name,
    scopes: JSON.stringify(token.scopes),
    budget: token.budget,
    now,
    expiresAt: token.expiresAt,
  });
  return {
    id: token.id,
    name: token.name,
    scopes: [...token.scopes],
    budget: token.budget,
    createdAt: now,
    expiresAt: token.expiresAt,
    lastUsedAt: null,
    revokedAt: null,
  };
}

/** Every token (revoked and expired ones too, so the owner sees their history), newest first. */
export function listTokens(ctx: PluginContext, limit = 1000): TokenInfo[] {
  return ctx.sync.all(listAll, { limit }).map((r) => ({
    id: r.id,
    name: r.name,
    scopes: JSON.parse(r.scopes) as string[],
    budget: r.budget,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes one token by its public id; false when there was no live one. */
export function revokeToken(ctx: PluginContext, id: string, now: number): boolean {
  return ctx.sync.run(revokeById, { id, now }).rowsWritten > 0;
}
