import type { Migration, SyncSql } from "@userdo/core";
import type { BucketState } from "../bucket/token-bucket.js";

/**
 * Every bucket of a limiter object, one row per (key, policy name). Rows are
 * deleted once fully refilled (`expires_at`), so the table holds only the keys
 * seen within their window.
 *
 * @example
 * ```ts
 * this.ctx.storage.sql.exec(`SELECT count(*) AS keys FROM ${BUCKETS_TABLE}`).one();
 * ```
 */
export const BUCKETS_TABLE = "_userdo_ratelimit_buckets";

/** The plugin's schema history (namespaced `ratelimit/...` by the runner). */
export const bucketMigrations: readonly Migration[] = Object.freeze([
  {
    name: "001_buckets",
    up: `CREATE TABLE ${BUCKETS_TABLE} (
  key TEXT NOT NULL,
  policy TEXT NOT NULL,
  level INTEGER NOT NULL,
  scale INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (key, policy)
) WITHOUT ROWID;
CREATE INDEX ${BUCKETS_TABLE}_expiry ON ${BUCKETS_TABLE} (expires_at);`,
  },
]);

const SELECT = `SELECT level, scale, updated_at FROM ${BUCKETS_TABLE} WHERE key = ? AND policy = ?`;
const UPSERT = `INSERT INTO ${BUCKETS_TABLE} (key, policy, level, scale, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (key, policy) DO UPDATE SET level = excluded.level, scale = excluded.scale,
  updated_at = excluded.updated_at, expires_at = excluded.expires_at`;
// Oldest first through the expiry index, so a bounded batch does bounded work.
const DELETE_EXPIRED = `DELETE FROM ${BUCKETS_TABLE} WHERE (key, policy) IN
  (SELECT key, policy FROM ${BUCKETS_TABLE} WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)
  RETURNING 1 AS gone`;
const STATS = `SELECT count(*) AS keys, min(expires_at) AS next FROM ${BUCKETS_TABLE}`;

type BucketRow = { level: number; scale: number; updated_at: number };

/** The stored bucket of (key, policy), if any. */
export function readBucket(sql: SyncSql<unknown>, key: string, policy: string): BucketState | undefined {
  const row = sql.exec<BucketRow>(SELECT, key, policy).toArray()[0];
  return row && { level: row.level, scale: row.scale, updatedAt: row.updated_at };
}

/** Stores a bucket with the time it is fully refilled. */
export function writeBucket(
  sql: SyncSql<unknown>,
  key: string,
  policy: string,
  state: BucketState,
  expiresAt: number,
): void {
  sql.exec(UPSERT, key, policy, state.level, state.scale, state.updatedAt, expiresAt);
}

/** Deletes at most `limit` buckets fully refilled by `now`; how many it deleted. */
export function deleteExpired(sql: SyncSql<unknown>, now: number, limit: number): number {
  // Counted from RETURNING: rowsWritten also counts index entries.
  return sql.exec(DELETE_EXPIRED, now, limit).toArray().length;
}

/** How many buckets the object holds and the earliest expiry among them. */
export function bucketStats(sql: SyncSql<unknown>): { keys: number; nextExpiry: number | null } {
  const row = sql.exec<{ keys: number; next: number | null }>(STATS).one();
  return { keys: row.keys, nextExpiry: row.next };
}
