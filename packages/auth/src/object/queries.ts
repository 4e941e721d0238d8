import { type Param, UserDOError, prepare, queryBuilder } from "@userdo/core";
import type { AuthTables } from "./tables.js";

// Compiled once per isolate: the credential check runs on every request.
const qb = queryBuilder<AuthTables>();

export const sessionByHash = prepare(qb, (db, p: Param<{ hash: string }>) =>
  db
    .selectFrom("_userdo_auth_sessions")
    .select(["id", "expires_at", "last_used_at"])
    .where("secret_hash", "=", p("hash")),
);

export const touchSession = prepare(qb, (db, p: Param<{ id: string; now: number }>) =>
  db
    .updateTable("_userdo_auth_sessions")
    .set({ last_used_at: p("now") })
    .where("id", "=", p("id")),
);

export const tokenByHash = prepare(qb, (db, p: Param<{ hash: string }>) =>
  db
    .selectFrom("_userdo_auth_tokens")
    .select(["id", "scopes", "budget", "expires_at", "last_used_at", "revoked_at"])
    .where("secret_hash", "=", p("hash")),
);

export const touchToken = prepare(qb, (db, p: Param<{ id: string; now: number }>) =>
  db
    .updateTable("_userdo_auth_tokens")
    .set({ last_used_at: p("now") })
    .where("id", "=", p("id")),
);

export const selectProfile = prepare(qb, (db, p: Param<{ singleton: number }>) =>
  db
    .selectFrom("_userdo_auth_profile")
    .select([
      "id",
      "login",
      "name",
      "avatar_url",
      "email",
      "bio",
      "blog",
      "twitter_username",
      "created_at",
      "last_verified_at",
      "source_domain",
    ])
    .where("singleton", "=", p("singleton")),
);

/**
 * Runs `read` on the auth tables; a missing table (auth() not attached to the
 * class) becomes a clear error instead of SQLite's.
 */
export function withAuthTables<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && /no such table: _userdo_auth_/i.test(error.message)) {
      throw new UserDOError(500, "auth_not_attached", "this object has no auth tables: add auth() to its plugins", {
        cause: error,
      });
    }
    throw error;
  }
}
