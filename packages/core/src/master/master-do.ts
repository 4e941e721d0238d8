import type {
  EraseRequest,
  EraseResult,
  ReplicationBatch,
  IngestResult,
  RowValue,
} from "../replication/replication-types.js";
import { eraseSource, listErasures, validateErase } from "./erase.js";
import { fleetStatus, startFleet } from "./fleet.js";
import type { FleetOptions, FleetStatus } from "../shared/fleet-types.js";
import { runtimeOf } from "../runtime/attach-runtime.js";
import type { Plugin } from "../plugin/plugin.js";
import { CORE_PLUGINS } from "../plugin/core-plugins.js";
import { UserDOError } from "../errors.js";
import { UserDO } from "../user-do.js";
import {
  type Filter,
  type ListQuery,
  type SourceQuery,
  type SumQuery,
  readFilter,
  readGroupedSumQuery,
  readListQuery,
  readSourceQuery,
} from "./aggregate-inputs.js";
import {
  type GroupSum,
  type SourceInfo,
  countRows,
  listRows,
  listSources,
  sumColumn,
  sumGroups,
} from "./aggregate-queries.js";
import { validateBatch } from "./batch-validation.js";
import { ingestBatch } from "./ingest.js";
import { masterPlugin } from "./master-plugin.js";
import { knownTables } from "./master-tables.js";
import { shardIndexOf } from "./shard.js";

/**
 * The aggregate of every user's replicated rows: one shard of it. User
 * objects send their changes here (`ingest`); it keeps one table per
 * replicated table with `_source` (the user's name) and `_rowid` added, and
 * the registry of users (`sources`). A UserDO itself: it has the log, the
 * scheduler and the studio, so it is browsable like any object.
 *
 * @example
 * ```ts
 * // worker.ts
 * export { MasterDO } from "@userdo/core";
 * // wrangler.jsonc: { "name": "MASTER", "class_name": "MasterDO" } and "new_sqlite_classes": ["MasterDO"]
 * // a user class: static override replication = { master: "MASTER", tables: [{ table: "todo" }] };
 * const open = await masterShards(env.MASTER, 1).count("todo", { done: 0 });
 * ```
 */
export class MasterDO<Env = unknown> extends UserDO<Env> {
  static override plugins: readonly Plugin<string, any>[] = [...CORE_PLUGINS, masterPlugin];
  /**
   * The tables this master accepts; any table a source describes when
   * undefined. A subclass that lists them refuses the rest with a 400:
   * `class Master extends MasterDO { static override acceptedTables = ["todo"]; }`
   */
  static acceptedTables: readonly string[] | undefined = undefined;

  /**
   * Applies a source's batch in one transaction, idempotently on
   * (source, sequence). Validates the batch's shape, names and sizes first
   * (a 400 `bad_batch`), and that it reached the right shard.
   */
  async ingest(batch: ReplicationBatch): Promise<IngestResult> {
    const checked = validateBatch(batch);
    const accepted = (this.constructor as typeof MasterDO).acceptedTables;
    const refused = accepted && checked.tables.find((t) => !accepted.includes(t.name));
    if (refused) throw new UserDOError(400, "bad_batch", `this master does not accept table "${refused.name}"`);
    return ingestBatch(this.ctx.storage, checked, shardIndexOf(runtimeOf(this).name));
  }

  /**
   * Forgets a user deleted at its object (its replicator sends this): every
   * row of the source in every table and its registry entry go, and an audit
   * row stays in `_userdo_master_erasures` (who, when, rows at the object and here).
   */
  async erase(request: EraseRequest): Promise<EraseResult> {
    return eraseSource(this.ctx.storage, validateErase(request));
  }

  /** The deletions this shard carried out, newest first: at most `limit` (1 to 1,000, default 100). */
  erasures(limit?: number): Record<string, RowValue>[] {
    return listErasures(this.ctx.storage.sql, limit);
  }

  /**
   * Starts (or resumes) a fleet migration: every user of this shard's
   * registry is woken in the namespace bound as `binding`, which applies its
   * pending migrations, with bounded concurrency, in batches run by the
   * scheduler; each object's state is kept. Answers the status at once.
   */
  async migrateFleet(binding: string, options?: FleetOptions): Promise<FleetStatus> {
    return startFleet(runtimeOf(this).contextFor(masterPlugin), binding, options);
  }

  /** The last fleet migration of `binding` on this shard: counts, failed objects by name. */
  fleetStatus(binding: string): FleetStatus {
    return fleetStatus(this.ctx.storage.sql, binding);
  }

  // The reads parse their query at entry (aggregate-inputs, a 400 `bad_query`);
  // the table and column names are then looked up in this master's tables.

  /** Rows of a replicated table matching `where` (equality on columns, `_source` included). */
  count(table: string, where?: Filter): number {
    return countRows(this.ctx.storage.sql, table, readFilter(where));
  }

  /** The sum of one column over matching rows; integers stay integers. */
  sum(table: string, column: string, where?: Filter): number {
    return sumColumn(this.ctx.storage.sql, table, column, readFilter(where));
  }

  /** Sums per value of `groupBy`, biggest first: `sumBy("ledger", "amount", { groupBy: "_source" })` is who spent what. */
  sumBy(table: string, column: string, query: SumQuery & { groupBy: string }): GroupSum[] {
    return sumGroups(this.ctx.storage.sql, table, column, readGroupedSumQuery(query));
  }

  /** Rows with their `_source`, ordered by one column, at most `limit` (1,000). */
  list(table: string, query?: ListQuery): Record<string, RowValue>[] {
    return listRows(this.ctx.storage.sql, table, readListQuery(query));
  }

  /** The registry of users: name, first seen, last seen, rows held. */
  sources(query?: SourceQuery): SourceInfo[] {
    return listSources(this.ctx.storage.sql, readSourceQuery(query));
  }

  /** The replicated tables and their columns. */
  replicatedTables(): Record<string, string[]> {
    return Object.fromEntries(knownTables(this.ctx.storage.sql));
  }
}
