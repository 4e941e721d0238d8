import { validateErase } from "../../master/erase.js";
import { ERASURES_TABLE, SOURCES_TABLE } from "../../master/master-tables.js";
import { quoteId } from "../capture.js";
import type { EraseRequest, EraseResult } from "../replication-types.js";

/**
 * A D1 sink's side of deleting a user, in ONE D1 batch (a transaction): the
 * audit row (who, when, rows at the object and here, counted first), then
 * the user's rows in every table the sink holds and its registry entry.
 * Idempotent on (source, epoch).
 */
export async function eraseFromD1(
  d1: D1Database,
  tables: readonly string[],
  input: EraseRequest,
): Promise<EraseResult> {
  const request = validateErase(input);
  const done = await d1
    .prepare(`SELECT 1 AS done FROM ${ERASURES_TABLE} WHERE source = ? AND epoch = ?`)
    .bind(request.source, request.epoch)
    .first();
  if (done) return { erased: 0, duplicate: true };
  const counted = tables.map((t) => `(SELECT count(*) FROM ${quoteId(t)} WHERE _source = ?1)`).join(" + ") || "0";
  const [audit] = await d1.batch<{ master_rows: number }>([
    d1
      .prepare(
        `INSERT OR IGNORE INTO ${ERASURES_TABLE} (source, epoch, requested_by, requested_at, erased_at, object_rows, master_rows)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ${counted}) RETURNING master_rows`,
      )
      .bind(request.source, request.epoch, request.by, request.at, Date.now(), request.rows),
    ...tables.map((t) => d1.prepare(`DELETE FROM ${quoteId(t)} WHERE _source = ?`).bind(request.source)),
    d1.prepare(`DELETE FROM ${SOURCES_TABLE} WHERE name = ?`).bind(request.source),
  ]);
  return { erased: audit?.results[0]?.master_rows ?? 0, duplicate: (audit?.results.length ?? 0) === 0 };
}

/** The newest epoch at which `source` was erased in this D1 database, or 0: older batches are stale. */
export async function erasedEpochInD1(d1: D1Database, source: string): Promise<number> {
  const row = await d1
    .prepare(`SELECT max(epoch) AS e FROM ${ERASURES_TABLE} WHERE source = ?`)
    .bind(source)
    .first<{ e: number | null }>();
  return row?.e ?? 0;
}
