import { MasterDO, type Param, type ReplicationConfig, UserDO, prepare, queryBuilder } from "@userdo/core";
import { CREATE_ITEM, type ItemDB } from "../query/schema.js";

const qb = queryBuilder<ItemDB>();
const insertItem = prepare(qb, (db, p: Param<{ name: string; value: number }>) =>
  db.insertInto("item").values({ name: p("name"), value: p("value") }),
);

/**
 * The table scenario 5 replicates; the master accepts nothing else.
 *
 * @example
 * ```ts
 * await masterShards(env.MASTER).count(REPLICATED_TABLE, { _source: "lag-0" });
 * ```
 */
export const REPLICATED_TABLE = "item";

/** Writes the same rows, whatever the class's replication. */
class ItemsDO extends UserDO<Env, ItemDB> {
  static override migrations = [{ name: "001_item", up: CREATE_ITEM }];

  /** `n` inserts through the prepared sync path inside this one call; the rows written. */
  insertMany(n: number): number {
    let written = 0;
    for (let i = 0; i < n; i++) written += this.sync.run(insertItem, { name: `item ${i}`, value: i }).rowsWritten;
    return written;
  }

  /** Rows in the table (a lag check compares it with the master's copy). */
  countItems(): number {
    return this.sync.exec<{ n: number }>("SELECT count(*) AS n FROM item").one().n;
  }
}

/**
 * Scenario 5's baseline: the same object with replication off.
 *
 * @example
 * ```ts
 * await env.UNCAPTURED.get(env.UNCAPTURED.idFromName("write-cost")).insertMany(1000); // 1000 rows written
 * ```
 */
export class UncapturedItemsDO extends ItemsDO {}

/**
 * Capture on, flush held back (10 minutes): the write cost alone, without a
 * flush running between the timed requests.
 *
 * @example
 * ```ts
 * await env.CAPTURED.get(env.CAPTURED.idFromName("write-cost")).insertMany(1000); // 3000: item, outbox, sequence
 * ```
 */
export class CapturedItemsDO extends ItemsDO {
  static override replication: ReplicationConfig<Env> = {
    master: "MASTER",
    tables: [{ table: REPLICATED_TABLE }],
    flushDelayMs: 600_000,
  };
}

/**
 * Capture on with the default settings (flush 1 s after a burst's first write): the lag to the master.
 *
 * @example
 * ```ts
 * await env.REPLICATED.get(env.REPLICATED.idFromName("lag-0")).insertMany(1000);
 * ```
 */
export class ReplicatedItemsDO extends ItemsDO {
  static override replication: ReplicationConfig<Env> = {
    master: "MASTER",
    tables: [{ table: REPLICATED_TABLE }],
  };
}

/**
 * The bench's master: a `MasterDO` that accepts only the replicated table.
 *
 * @example
 * ```ts
 * const rows = await masterShards(env.MASTER).count("item", { _source: "lag-1" });
 * ```
 */
export class BenchMaster extends MasterDO<Env> {
  static override acceptedTables = [REPLICATED_TABLE];
}
