import type { ReplicationRule } from "../plugin/plugin.js";
import type { RetryPolicy } from "../scheduler/task-types.js";

/** A value as SQLite stores it. */
export type RowValue = SqlStorageValue;

/**
 * One replicated table as the source has it: the columns it sends, in order,
 * with their declared types.
 *
 * @example
 * ```ts
 * const todo: TableSchema = { name: "todo", columns: [{ name: "id", type: "INTEGER" }, { name: "title", type: "TEXT" }] };
 * ```
 */
export interface TableSchema {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/**
 * The state of one source row at flush time: its values in the order of the
 * table's schema, or null when the row no longer exists (a delete).
 *
 * @example
 * ```ts
 * const upsert: RowChange = { table: "todo", rowid: 7, values: [7, "milk"] };
 * const remove: RowChange = { table: "todo", rowid: 8, values: null };
 * ```
 */
export interface RowChange {
  readonly table: string;
  readonly rowid: number;
  readonly values: readonly RowValue[] | null;
}

/**
 * What a source sends to its master: every row touched by the outbox entries
 * in `(fromSeq, toSeq]`, as it is now. Applying a batch is idempotent: a sink
 * ignores a batch whose `toSeq` it has already passed.
 *
 * @example
 * ```ts
 * declare const batch: ReplicationBatch;
 * const result = await env.MASTER.getByName("master-0").ingest(batch); // { ack: batch.toSeq, applied: 12, duplicate: false }
 * ```
 */
export interface ReplicationBatch {
  /** The source object's name (the user). */
  readonly source: string;
  /** When the source's outbox was created; a newer epoch replaces everything the sink has of the source. */
  readonly epoch: number;
  /** The shard count the source routes with; a master checks the batch reached the right shard. */
  readonly shards: number;
  /** The last sequence the source believes the sink acknowledged. */
  readonly fromSeq: number;
  /** The highest outbox sequence this batch covers. */
  readonly toSeq: number;
  readonly tables: readonly TableSchema[];
  readonly changes: readonly RowChange[];
}

/**
 * A sink's answer. `ack`: the sequence up to which the source may forget its
 * outbox. `resync`: the sink has less than the source thinks (it was reset or
 * the source moved shard): the source sends everything again.
 *
 * @example
 * ```ts
 * const replay: IngestResult = { ack: 42, applied: 0, duplicate: true };
 * ```
 */
export interface IngestResult {
  readonly ack: number;
  readonly applied: number;
  readonly duplicate: boolean;
  readonly resync?: boolean;
}

/**
 * Where batches go: a MasterDO shard (the default) or another store such as
 * D1. Must be idempotent on (source, sequence) and atomic per batch.
 *
 * @example
 * ```ts
 * class TodoDO extends UserDO<{ ANALYTICS: D1Database }> {
 *   static override replication: ReplicationConfig<{ ANALYTICS: D1Database }> = {
 *     sink: (env) => d1Sink(env.ANALYTICS),
 *     tables: [{ table: "todo" }],
 *   };
 * }
 * ```
 */
export interface ReplicationSink {
  ingest(batch: ReplicationBatch): Promise<IngestResult>;
  /**
   * Forgets every row of a deleted user and keeps an audit row of it.
   * Idempotent on (source, epoch); batches of an older epoch that arrive
   * later are acknowledged and dropped. A sink without it cannot take deletions.
   */
  erase?(request: EraseRequest): Promise<EraseResult>;
}

/**
 * A user deleted at its object, as replication carries it to the sink:
 * who asked, when, how many rows the object had, and the epoch the object
 * restarted at (older batches are stale).
 *
 * @example
 * ```ts
 * const request: EraseRequest = { source: "alice", epoch: 1767225600001, by: "admin", at: 1767225600000, rows: 42 };
 * ```
 */
export interface EraseRequest {
  readonly source: string;
  readonly epoch: number;
  readonly by: string;
  readonly at: number;
  readonly rows: number;
}

/**
 * What a sink did for an {@link EraseRequest}: the rows it removed, or
 * `duplicate` when it had already carried this one out.
 *
 * @example
 * ```ts
 * const done: EraseResult = { erased: 40, duplicate: false };
 * ```
 */
export interface EraseResult {
  readonly erased: number;
  readonly duplicate: boolean;
}

/**
 * A class's replication settings (`static replication`). Either `master`,
 * the env binding of a MasterDO namespace (sharded by a stable hash of the
 * user's name over `shards`), or a custom `sink`.
 *
 * @example
 * ```ts
 * export class TodoDO extends UserDO<Env, DB> {
 *   static override replication: ReplicationConfig = {
 *     master: "MASTER",
 *     shards: 4,
 *     tables: [{ table: "todo" }, { table: "profile", columns: ["id", "display_name"] }],
 *     flushDelayMs: 1_000,
 *   };
 * }
 * ```
 */
export interface ReplicationConfig<Env = any> {
  /** Env binding name of the MasterDO namespace (checked against `Env` when given). */
  readonly master?: keyof Env & string;
  /** Master shards; default 1. Choose once: changing it moves users to other shards (they resync there). */
  readonly shards?: number;
  /** A sink other than a MasterDO (see `@userdo/core/d1`). */
  readonly sink?: (env: Env) => ReplicationSink;
  /** Tables that replicate, whole or by columns. Plugins add their own rules. */
  readonly tables: readonly ReplicationRule[];
  /** How long after the first write of a burst the flush runs (one flush per burst). Default 1,000 ms. */
  readonly flushDelayMs?: number;
  /** Row states per batch; default 500. */
  readonly maxBatchRows?: number;
  /** Approximate bytes of values per batch; default 1 MiB. A single row always fits. */
  readonly maxBatchBytes?: number;
  /** Retry of a failed flush; default: without limit, backoff 1 s doubling to 5 min. */
  readonly retry?: RetryPolicy;
}

/**
 * Defaults of {@link ReplicationConfig}.
 *
 * @example
 * ```ts
 * const patient = { ...REPLICATION_DEFAULTS.retry, maxBackoffMs: 60_000 };
 * ```
 */
export const REPLICATION_DEFAULTS = Object.freeze({
  shards: 1,
  flushDelayMs: 1_000,
  maxBatchRows: 500,
  maxBatchBytes: 1024 * 1024,
  retry: Object.freeze({ attempts: Number.POSITIVE_INFINITY, backoffMs: 1_000, maxBackoffMs: 5 * 60 * 1_000 }),
});
