/**
 * How a fleet migration runs: objects woken at once (the platform allows 6
 * open connections per invocation), objects per task run (each run is one
 * alarm, so one invocation's subrequest budget), and whether to start over.
 *
 * @example
 * ```ts
 * const options: FleetOptions = { concurrency: 6, batch: 50 };
 * ```
 */
export interface FleetOptions {
  readonly concurrency?: number;
  readonly batch?: number;
  /** Start a new run even if one is running (default: resume it). */
  readonly restart?: boolean;
}

/**
 * One object's state after a fleet migration woke it: up to date, or the
 * migration that failed and SQLite's message.
 *
 * @example
 * ```ts
 * const broken: FleetObject = { name: "bob", state: "failed", migration: "app/006_unique", error: 'migration "app/006_unique" failed: UNIQUE constraint failed' };
 * ```
 */
export interface FleetObject {
  readonly name: string;
  readonly state: "up_to_date" | "failed";
  readonly migration: string | null;
  readonly error: string | null;
}

/**
 * A fleet migration's report (one shard's, or all shards' summed): counts,
 * and the failed objects by name (at most 100 per shard).
 *
 * @example
 * ```ts
 * const status: FleetStatus = {
 *   binding: "USERS", running: false, startedAt: 1767225600000, finishedAt: 1767225612000,
 *   counts: { registered: 1200, upToDate: 1199, failed: 1, pending: 0 },
 *   failed: [{ name: "bob", state: "failed", migration: "app/006_unique", error: "..." }],
 * };
 * ```
 */
export interface FleetStatus {
  readonly binding: string;
  readonly running: boolean;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly counts: {
    readonly registered: number;
    readonly upToDate: number;
    readonly failed: number;
    readonly pending: number;
  };
  readonly failed: readonly FleetObject[];
}
