import { UserDOError } from "../errors.js";
import { quoteId } from "../replication/capture.js";
import type { EraseRequest, EraseResult } from "../replication/replication-types.js";
import { MAX_USER_NAME_LENGTH } from "../shared/user-name.js";
import { ERASURES_TABLE, SOURCES_TABLE, knownTables } from "./master-tables.js";

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_erase", message);
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** An erase request checked for shape: a 400 `bad_erase` names what is wrong. */
export function validateErase(input: unknown): EraseRequest {
  const r = input as Partial<EraseRequest> | null;
  if (typeof r !== "object" || r === null) throw bad("an erase request must be an object");
  if (typeof r.source !== "string" || r.source === "" || r.source.length > MAX_USER_NAME_LENGTH) {
    throw bad("source must be a user name");
  }
  if (!isCount(r.epoch) || !isCount(r.at) || !isCount(r.rows)) throw bad("epoch, at and rows must be whole numbers");
  if (typeof r.by !== "string" || r.by === "" || r.by.length > 200)
    throw bad("by must say who asked (200 characters at most)");
  return { source: r.source, epoch: r.epoch, by: r.by, at: r.at, rows: r.rows };
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
