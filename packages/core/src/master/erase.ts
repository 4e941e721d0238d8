import * as v from "valibot";
import { quoteId } from "../replication/capture.js";
import type { EraseRequest, EraseResult } from "../replication/replication-types.js";
import { fieldError, parseInput } from "../schema/parse-input.js";
import { UserNameText } from "../shared/user-name.js";
import { ERASURES_TABLE, SOURCES_TABLE, knownTables } from "./master-tables.js";

const bad = <T>(message: string) => fieldError<T>("bad_erase", message);
const Count = v.pipe(v.number(), v.safeInteger(), v.minValue(0), bad("must be a whole number"));

/** What a replicator sends a master or a sink (`erase`) when its user is deleted: who, at which epoch, asked by whom. */
export const EraseRequestSchema = v.object({
  source: v.pipe(UserNameText, bad("must be a user name")),
  epoch: Count,
  by: v.pipe(v.string(), v.minLength(1), v.maxLength(200), bad("must say who asked (200 characters at most)")),
  at: Count,
  rows: Count,
});

/** An erase request checked against {@link EraseRequestSchema}: a 400 `bad_erase` names what is wrong. */
export function validateErase(input: unknown): EraseRequest {
  return parseInput(EraseRequestSchema, input, { code: "bad_erase", name: "an erase request" });
}

/** How many audit rows `erasures` answers: 1 to 1,000, default 100. */
export const ErasuresLimit = v.optional(
  v.pipe(
    v.number(),
    v.safeInteger(),
    v.minValue(1),
    v.maxValue(1_000),
    fieldError("bad_query", "must be a whole number from 1 to 1000"),
  ),
  100,
);

/** The deletions this master carried out, newest first, at most `limit` ({@link ErasuresLimit}). */
export function listErasures(sql: SqlStorage, limit: unknown): Record<string, SqlStorageValue>[] {
  const n = parseInput(ErasuresLimit, limit, { root: "limit" });
  return sql.exec(`SELECT * FROM ${ERASURES_TABLE} ORDER BY id DESC LIMIT ?`, n).toArray();
}

/** The newest epoch at which `source` was erased here, or 0. */
export function erasedEpoch(sql: SqlStorage, source: string): number {
  return (
    sql.exec<{ e: number | null }>(`SELECT max(epoch) AS e FROM ${ERASURES_TABLE} WHERE source = ?`, source).one().e ??
    0
  );
}

/**
 * Removes every row of a deleted user from every replicated table and its
 * registry entry, and records the audit row, in ONE transaction. Idempotent
 * on (source, epoch); later batches of an older epoch are then dropped by ingest.
 */
export function eraseSource(storage: DurableObjectStorage, request: EraseRequest, now = Date.now()): EraseResult {
  const sql = storage.sql;
  return storage.transactionSync(() => {
    const done = sql
      .exec(`SELECT 1 FROM ${ERASURES_TABLE} WHERE source = ? AND epoch = ?`, request.source, request.epoch)
      .toArray();
    if (done.length > 0) return { erased: 0, duplicate: true };
    let erased = 0;
    for (const table of knownTables(sql).keys()) {
      erased += sql.exec(`DELETE FROM ${quoteId(table)} WHERE _source = ?`, request.source).rowsWritten;
    }
    sql.exec(`DELETE FROM ${SOURCES_TABLE} WHERE name = ?`, request.source);
    sql.exec(
      `INSERT INTO ${ERASURES_TABLE} (source, epoch, requested_by, requested_at, erased_at, object_rows, master_rows)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      request.source,
      request.epoch,
      request.by,
      request.at,
      now,
      request.rows,
      erased,
    );
    return { erased, duplicate: false };
  });
}
