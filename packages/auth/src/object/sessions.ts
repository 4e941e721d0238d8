import { type Param, type PluginContext, prepare, queryBuilder } from "@userdo/core";
import type { AuthTables } from "./tables.js";

/** At most this many live sessions per user; the oldest go first. */
export const MAX_SESSIONS = 50;

/**
 * A session as its owner sees it in a list: never its secret or hash.
 *
 * @example
 * ```ts
 * const sessions = await stub.authListSessions(credential); // [{ id: "ses_1f…", userAgent: "Firefox", ... }]
 * ```
 */
export interface SessionInfo {
  readonly id: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly lastUsedAt: number | null;
  readonly userAgent: string | null;
  readonly sourceDomain: string | null;
}

/** What the Worker hands the object to open a session (the secret stays in the cookie). */
export interface NewSession {
  readonly id: string;
  readonly secretHash: string;
  readonly expiresAt: number;
  readonly userAgent: string | null;
  readonly sourceDomain: string | null;
}

const qb = queryBuilder<AuthTables>();

const insertSession = prepare(
  qb,
  (
    db,
    p: Param<{
      id: string;
      hash: string;
      now: number;
      expiresAt: number;
      userAgent: string | null;
      sourceDomain: string | null;
    }>,
  ) =>
    db.insertInto("_userdo_auth_sessions").values({
      id: p("id"),
      secret_hash: p("hash"),
      created_at: p("now"),
      expires_at: p("expiresAt"),
      last_used_at: p("now"),
      user_agent: p("userAgent"),
      source_domain: p("sourceDomain"),
    }),
);

const deleteExpired = prepare(qb, (db, p: Param<{ now: number }>) =>
  db.deleteFrom("_userdo_auth_sessions").where("expires_at", "<=", p("now")),
);

// Keeps the newest MAX_SESSIONS - 1 rows, making room for one more.
const deleteOldest = prepare(qb, (db, p: Param<{ keep: number }>) =>
  db
    .deleteFrom("_userdo_auth_sessions")
    .where(
      "id",
      "not in",
      db.selectFrom("_userdo_auth_sessions").select("id").orderBy("created_at", "desc").orderBy("id").limit(p("keep")),
    ),
);

const listAll = prepare(qb, (db, p: Param<{ now: number }>) =>
  db
    .selectFrom("_userdo_auth_sessions")
    .select(["id", "created_at", "expires_at", "last_used_at", "user_agent", "source_domain"])
    .where("expires_at", ">", p("now"))
    .orderBy("created_at", "desc"),
);

const deleteById = prepare(qb, (db, p: Param<{ id: string }>) =>
  db.deleteFrom("_userdo_auth_sessions").where("id", "=", p("id")),
);

const deleteByHash = prepare(qb, (db, p: Param<{ hash: string }>) =>
  db.deleteFrom("_userdo_auth_sessions").where("secret_hash", "=", p("hash")),
);

/** Stores a new session; drops expired ones and, past {@link MAX_SESSIONS}, the oldest. */
export function createSession(ctx: PluginContext, session: NewSession, now: number): void {
  ctx.sync.run(deleteExpired, { now });
  ctx.sync.run(deleteOldest, { keep: MAX_SESSIONS - 1 });
  ctx.sync.run(insertSession, {
    id: session.id,
    hash: session.secretHash,
    now,
    expiresAt: session.expiresAt,
    userAgent: session.userAgent,
    sourceDomain: session.sourceDomain,
  });
}

/** Live sessions, newest first. */
export function listSessions(ctx: PluginContext, now: number): SessionInfo[] {
  return ctx.sync.all(listAll, { now }).map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    userAgent: r.user_agent,
    sourceDomain: r.source_domain,
  }));
}

/** Deletes one session by its public id; false when there was none. */
export function revokeSession(ctx: PluginContext, id: string): boolean {
  return ctx.sync.run(deleteById, { id }).rowsWritten > 0;
}

/** Deletes the session whose secret hashes to `hash` (logout). */
export function deleteSessionByHash(ctx: PluginContext, hash: string): boolean {
  return ctx.sync.run(deleteByHash, { hash }).rowsWritten > 0;
}
