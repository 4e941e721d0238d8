// Over 200 lines on purpose: one class, the source side of replication (wake, notice writes, flush, resync), whose steps share one outbox and one pending flush; capture and batches live beside it.
import { ConfigurationError, UserDOError } from "../errors.js";
import type { LogLevel } from "../log/log-levels.js";
import type { ReplicationRule } from "../plugin/plugin.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { type BatchLimits, buildBatch } from "./batch-builder.js";
import { installCapture, quoteId } from "./capture.js";
import { type CapturedTable, resolveTables } from "./captured-tables.js";
import { masterSink } from "./master-sink.js";
import { OUTBOX_TABLE, deleteState, readState, writeState } from "./replication-state.js";
import {
  type EraseRequest,
  type ReplicationConfig,
  REPLICATION_DEFAULTS,
  type ReplicationSink,
} from "./replication-types.js";

/** The plugin that owns the flush task (and the outbox tables). */
export const REPLICATION_OWNER = "replication";
const FLUSH_TASK = "flush";
/** Batches per flush run; the rest goes in a follow-up run scheduled at once. */
const MAX_BATCHES_PER_FLUSH = 20;

/** What one flush did. */
export interface FlushReport {
  readonly batches: number;
  readonly rows: number;
  /** True when the outbox still has entries (more than one run's worth). */
  readonly more: boolean;
}

const replicators = new WeakMap<DurableObjectState, Replicator>();

/** The replicator of the object owning `state`, if its class replicates. */
export function replicatorOf(state: DurableObjectState): Replicator | undefined {
  return replicators.get(state);
}

function configError(message: string): UserDOError {
  return new ConfigurationError("replication_config", `replication: ${message}`);
}

/**
 * The source side of replication in one object: installs capture on wake,
 * notices writes and schedules a debounced flush, and drains the outbox to
 * the sink in batches, forgetting entries only once the sink acknowledged
 * them. A flush that fails is retried by the scheduler with backoff.
 */
export class Replicator {
  readonly #storage: DurableObjectStorage;
  readonly #scheduler: Scheduler;
  readonly #rules: readonly ReplicationRule[];
  readonly #sink: () => ReplicationSink;
  readonly #shards: number;
  readonly #delay: number;
  readonly #limits: BatchLimits;
  readonly #retry: NonNullable<ReplicationConfig["retry"]>;
  readonly #name: () => string | null;
  readonly #log: (level: LogLevel, message: string, data?: unknown) => void;
  #tables: readonly CapturedTable[] = [];
  #quietUntil = 0;
  #checkQueued = false;
  #flushing: Promise<FlushReport> | null = null;
  #more = false;

  constructor(options: {
    state: DurableObjectState;
    env: unknown;
    config: ReplicationConfig;
    pluginRules: readonly ReplicationRule[];
    scheduler: Scheduler;
    name: () => string | null;
    log: (level: LogLevel, message: string, data?: unknown) => void;
  }) {
    const { config } = options;
    this.#storage = options.state.storage;
    this.#scheduler = options.scheduler;
    this.#name = options.name;
    this.#log = options.log;
    if (!Array.isArray(config.tables)) throw configError("`tables` must be an array of { table, columns? }");
    this.#rules = [...config.tables, ...options.pluginRules];
    this.#shards = config.shards ?? REPLICATION_DEFAULTS.shards;
    this.#delay = config.flushDelayMs ?? REPLICATION_DEFAULTS.flushDelayMs;
    this.#limits = {
      maxRows: config.maxBatchRows ?? REPLICATION_DEFAULTS.maxBatchRows,
      maxBytes: config.maxBatchBytes ?? REPLICATION_DEFAULTS.maxBatchBytes,
    };
    this.#retry = config.retry ?? REPLICATION_DEFAULTS.retry;
    if (!Number.isInteger(this.#delay) || this.#delay < 0)
      throw configError("flushDelayMs must be a whole number of milliseconds");
    if (!Number.isInteger(this.#limits.maxRows) || this.#limits.maxRows < 1)
      throw configError("maxBatchRows must be a whole number from 1");
    const env = options.env;
    if (config.sink) {
      const make = config.sink;
      this.#sink = () => make(env);
    } else if (typeof config.master === "string") {
      const sink = masterSink(env, config.master, this.#shards);
      this.#sink = () => sink;
    } else {
      throw configError("set `master` (the env binding of the MasterDO namespace) or `sink`");
    }
    replicators.set(options.state, this);
  }

  /** On wake, after migrations: capture matches the config, and a flush is due if the outbox has entries. */
  wake(): void {
    if (this.#name() === null)
      throw configError("an object made from a unique id has no name, so its rows have no source; use idFromName");
    this.#tables = resolveTables(this.#storage.sql, this.#rules);
    const queued = installCapture(this.#storage, this.#tables);
    if (queued > 0) this.#log("info", "replication backfill queued", { rows: queued });
    this.ensureFlush();
  }

  /**
   * Called after writes through `this.db` and `this.sync`. Costs nothing while
   * a flush is already scheduled; otherwise one small read after the current
   * synchronous work (so a rolled-back transaction schedules nothing).
   */
  noteWrite(): void {
    if (this.#checkQueued || Date.now() < this.#quietUntil) return;
    this.#checkQueued = true;
    queueMicrotask(() => {
      this.#checkQueued = false;
      try {
        if (this.ensureFlush()) {
          this.#scheduler
            .arm()
            .catch((error: unknown) => this.#log("error", "could not arm the alarm for replication", { error }));
        }
      } catch (error) {
        this.#log("error", "could not schedule replication", { error });
      }
    });
  }

  /**
   * Schedules the flush task (idempotent by key) when the outbox has entries;
   * true if it did or one was pending. After a flush that left more, at once.
   */
  ensureFlush(delay = this.#more ? 0 : this.#delay): boolean {
    const sql = this.#storage.sql;
    const idle = sql.exec(`SELECT 1 FROM ${OUTBOX_TABLE} LIMIT 1`).toArray().length === 0;
    if (idle && readState(sql, "erase") === undefined) {
      this.#quietUntil = 0;
      return false;
    }
    const task = this.#scheduler.scheduleSync(REPLICATION_OWNER, delay, FLUSH_TASK, null, {
      key: FLUSH_TASK,
      retry: this.#retry,
    });
    this.#quietUntil = Math.max(task.run_at, Date.now() + this.#delay);
    return true;
  }

  /** Sends the outbox in batches until it is empty (or one run's worth is sent). One flush at a time. */
  flush(): Promise<FlushReport> {
    this.#flushing ??= this.#flush().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  /** The outbox sequence the sink has acknowledged (0: it has nothing of this epoch). */
  acked(): number {
    return Number(readState(this.#storage.sql, "acked") ?? 0);
  }

  /** The epoch batches carry now (0 before capture was installed). */
  epoch(): number {
    return Number(readState(this.#storage.sql, "epoch") ?? 0);
  }

  /** After a wipe: a newer epoch than the object had, so the sink drops what it has and stale batches. */
  startEpochAfter(previous: number): void {
    writeState(this.#storage.sql, "epoch", Math.max(Date.now(), previous + 1, this.epoch()));
  }

  /** Whether the sink can delete a user's rows (MasterDO and D1 sinks can; a custom sink may lack `erase`). */
  canErase(): boolean {
    return typeof this.#sink().erase === "function";
  }

  /** Throws a ConfigurationError naming the fix when the sink cannot delete a user. */
  assertCanErase(): void {
    if (!this.canErase()) throw cannotErase();
  }

  /**
   * Queues the deletion of this user at the sink (run after the wipe): sent
   * before any batch by the next flush, retried like a batch until the sink
   * has done it. Answers the request queued.
   */
  requestErase(by: string, rows: number): EraseRequest {
    this.assertCanErase();
    const sql = this.#storage.sql;
    const request: EraseRequest = { source: this.#name()!, epoch: this.epoch(), by, at: Date.now(), rows };
    writeState(sql, "erase", JSON.stringify(request));
    this.ensureFlush(0);
    return request;
  }

  async #flush(): Promise<FlushReport> {
    const sql = this.#storage.sql;
    const sink = this.#sink();
    const erase = readState(sql, "erase");
    if (typeof erase === "string") {
      // A deploy that swapped the sink for one without erase after the request was queued.
      if (!sink.erase) throw cannotErase();
      const request = JSON.parse(erase) as EraseRequest;
      await sink.erase(request);
      // Forgotten only once the sink has done it (and only this request: a newer one may have replaced it).
      // Nothing is logged: the object of a deleted user starts with an empty log.
      if (readState(sql, "erase") === erase) deleteState(sql, "erase");
    }
    let rows = 0;
    let resynced = false;
    for (let batches = 0; batches < MAX_BATCHES_PER_FLUSH; batches++) {
      const batch = buildBatch(sql, this.#tables, this.#head(), this.#limits);
      if (!batch) {
        this.#more = false;
        return { batches, rows, more: false };
      }
      const result = await sink.ingest(batch);
      if (typeof result?.ack !== "number")
        throw new UserDOError(502, "bad_sink_answer", "the sink answered without an ack");
      if (result.resync) {
        // Twice in one flush means the sink cannot keep what it is sent: fail, and retry later.
        if (resynced) throw new UserDOError(502, "sink_resync_loop", "the sink asked for a resync twice in one flush");
        resynced = true;
        this.#resync();
        continue;
      }
      const upTo = Math.min(result.ack, batch.toSeq);
      // The only place outbox entries are forgotten: after the sink holds them.
      sql.exec(`DELETE FROM ${OUTBOX_TABLE} WHERE seq <= ?`, upTo);
      writeState(sql, "acked", Math.max(upTo, Number(readState(sql, "acked") ?? 0)));
      rows += batch.changes.length;
    }
    const more = sql.exec(`SELECT 1 FROM ${OUTBOX_TABLE} LIMIT 1`).toArray().length > 0;
    this.#more = more;
    return { batches: MAX_BATCHES_PER_FLUSH, rows, more };
  }

  #head() {
    const sql = this.#storage.sql;
    return {
      source: this.#name()!,
      epoch: Number(readState(sql, "epoch") ?? 0),
      shards: this.#shards,
      fromSeq: Number(readState(sql, "acked") ?? 0),
    };
  }

  // The sink has less than it acknowledged (reset, restored, or another shard):
  // a new epoch makes it drop whatever it has of this source, then every row
  // is sent again (pending deletes need no entry: the sink forgets the rest).
  #resync(): void {
    const sql = this.#storage.sql;
    this.#storage.transactionSync(() => {
      sql.exec(`DELETE FROM ${OUTBOX_TABLE}`);
      for (const table of this.#tables) {
        sql.exec(`INSERT INTO ${OUTBOX_TABLE} (tbl, row_id) SELECT ?, rowid FROM ${quoteId(table.name)}`, table.name);
      }
      writeState(sql, "epoch", Math.max(Date.now(), Number(readState(sql, "epoch") ?? 0) + 1));
      writeState(sql, "acked", 0);
    });
    this.#log("warn", "replication sink asked for a resync; every row is queued again");
  }
}

function cannotErase(): ConfigurationError {
  return new ConfigurationError(
    "replication_config",
    "replication: this class's sink cannot delete a user (its ReplicationSink has no erase); give it an erase, or use a MasterDO or D1 sink",
  );
}
