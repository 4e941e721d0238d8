import type { RowValue } from "../replication/replication-types.js";
import {
  type Filter,
  type ListQuery,
  MAX_GROUPS,
  type SourceQuery,
  type SumQuery,
  readGroupedSumQuery,
  readListQuery,
  readSourceQuery,
} from "./aggregate-inputs.js";
import type { GroupSum, SourceInfo } from "./aggregate-queries.js";
import type { ObjectNamespace } from "../shared/object-namespace.js";
import type { MasterDO } from "./master-do.js";
import type { FleetOptions, FleetStatus } from "../shared/fleet-types.js";
import { assertShardCount, shardName } from "./shard.js";

/**
 * Reads across every shard of a master, merged as if it were one (see {@link masterShards}).
 *
 * @example
 * ```ts
 * const open: number = await masterShards(env.MASTER, 4).count("todo", { done: 0 });
 * ```
 */
export interface MasterShards {
  /** The stub of each shard, in index order. */
  readonly stubs: readonly DurableObjectStub<MasterDO>[];
  count(table: string, where?: Filter): Promise<number>;
  sum(table: string, column: string, where?: Filter): Promise<number>;
  sumBy(table: string, column: string, query: SumQuery & { groupBy: string }): Promise<GroupSum[]>;
  list(table: string, query?: ListQuery): Promise<Record<string, RowValue>[]>;
  sources(query?: SourceQuery): Promise<SourceInfo[]>;
  /** Starts (or resumes) a fleet migration of `binding` on every shard; the summed status. */
  migrateFleet(binding: string, options?: FleetOptions): Promise<FleetStatus>;
  /** The last fleet migration of `binding`, summed over the shards. */
  fleetStatus(binding: string): Promise<FleetStatus>;
}

function sumStatuses(binding: string, statuses: readonly FleetStatus[]): FleetStatus {
  const times = (pick: (s: FleetStatus) => number | null) => statuses.map(pick).filter((t): t is number => t !== null);
  const running = statuses.some((s) => s.running);
  const sum = (key: keyof FleetStatus["counts"]) => statuses.reduce((n, s) => n + s.counts[key], 0);
  return {
    binding,
    running,
    startedAt: times((s) => s.startedAt).length > 0 ? Math.min(...times((s) => s.startedAt)) : null,
    finishedAt: running || times((s) => s.finishedAt).length === 0 ? null : Math.max(...times((s) => s.finishedAt)),
    counts: {
      registered: sum("registered"),
      upToDate: sum("upToDate"),
      failed: sum("failed"),
      pending: sum("pending"),
    },
    failed: statuses.flatMap((s) => s.failed),
  };
}

const TYPE_RANK = { object: 0, number: 1, string: 2 } as const;

// SQLite's order: NULL, numbers, text, BLOBs.
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    v === null || v === undefined
      ? 0
      : v instanceof ArrayBuffer
        ? 3
        : (TYPE_RANK[typeof v as keyof typeof TYPE_RANK] ?? 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

function byKeys<T>(keys: readonly (keyof T)[], direction: "asc" | "desc" | undefined): (a: T, b: T) => number {
  const sign = direction === "desc" ? -1 : 1;
  return (a, b) => {
    const first = compareValues(a[keys[0]!], b[keys[0]!]) * sign;
    if (first !== 0) return first;
    for (const key of keys.slice(1)) {
      const next = compareValues(a[key], b[key]);
      if (next !== 0) return next;
    }
    return 0;
  };
}

/**
 * Aggregate reads over all `shards` of the MasterDO namespace: each shard is
 * asked in parallel and the answers merged. Counts and sums add up; lists
 * take each shard's first `limit` rows and merge them in order (exact, since
 * every shard ordered its own). `sumBy` grouped by `_source` is exact with a
 * limit (a user lives on one shard); grouped by another column each shard
 * returns up to 10,000 groups before the merge.
 *
 * @example
 * ```ts
 * const master = masterShards(env.MASTER, 4);
 * const users = await master.sources({ orderBy: "rows", direction: "desc", limit: 10 });
 * const spent = await master.sumBy("ledger", "amount", { groupBy: "_source", limit: 20 });
 * const latest = await master.list("todo", { orderBy: "created_at", direction: "desc", limit: 50 });
 * ```
 */
export function masterShards(namespace: ObjectNamespace<MasterDO>, shards = 1): MasterShards {
  assertShardCount(shards);
  const stubs = Array.from({ length: shards }, (_, i) => namespace.get(namespace.idFromName(shardName(i))));
  const all = <T>(ask: (stub: DurableObjectStub<MasterDO>) => Promise<T>): Promise<T[]> => Promise.all(stubs.map(ask));
  // A shard that no user of a table has reached yet holds none of its rows: it
  // adds nothing. Only a table that no shard knows is an error (a 404).
  const tableReads = async <T>(ask: (stub: DurableObjectStub<MasterDO>) => Promise<T>, none: T): Promise<T[]> => {
    const settled = await Promise.allSettled(stubs.map(ask));
    const unknown = (r: PromiseSettledResult<T>) =>
      r.status === "rejected" && (r.reason as { code?: unknown })?.code === "unknown_table";
    if (settled.every(unknown)) throw (settled[0] as PromiseRejectedResult).reason;
    return settled.map((r) => {
      if (r.status === "fulfilled") return r.value;
      if (unknown(r)) return none;
      throw r.reason;
    });
  };
  return {
    stubs,
    async count(table, where) {
      return (await tableReads((s) => s.count(table, where), 0)).reduce((a, b) => a + b, 0);
    },
    async sum(table, column, where) {
      return (await tableReads((s) => s.sum(table, column, where), 0)).reduce((a, b) => a + b, 0);
    },
    // The queries whose answers are merged here are parsed here too (each shard
    // parses again at its entry): the merge needs their checked limit and order.
    async sumBy(table, column, asked) {
      const query = readGroupedSumQuery(asked);
      const perShard = query.groupBy === "_source" ? query.limit : MAX_GROUPS;
      const answers = await tableReads((s) => s.sumBy(table, column, { ...query, limit: perShard }), []);
      const groups = new Map<string, { key: RowValue; sum: number; count: number }>();
      for (const group of answers.flat()) {
        const id = `${typeof group.key}:${String(group.key)}`;
        const seen = groups.get(id);
        if (seen) {
          seen.sum += group.sum;
          seen.count += group.count;
        } else groups.set(id, { key: group.key as RowValue, sum: group.sum, count: group.count });
      }
      return [...groups.values()].sort((a, b) => b.sum - a.sum || compareValues(a.key, b.key)).slice(0, query.limit);
    },
    async list(table, asked) {
      const query = readListQuery(asked);
      const rows = (await tableReads((s) => s.list(table, query), [])).flat() as Record<string, RowValue>[];
      return rows.sort(byKeys([query.orderBy, "_source", "_rowid"], query.direction)).slice(0, query.limit);
    },
    async sources(asked) {
      const query = readSourceQuery(asked);
      const key = ({ name: "name", first_seen: "firstSeen", last_seen: "lastSeen", rows: "rows" } as const)[
        query.orderBy
      ];
      const rows = (await all((s) => s.sources(query))).flat() as SourceInfo[];
      return rows.sort(byKeys<SourceInfo>([key, "name"], query.direction)).slice(0, query.limit);
    },
    async migrateFleet(binding, options) {
      return sumStatuses(binding, await all((s) => s.migrateFleet(binding, options)));
    },
    async fleetStatus(binding) {
      return sumStatuses(binding, await all((s) => s.fleetStatus(binding)));
    },
  };
}
