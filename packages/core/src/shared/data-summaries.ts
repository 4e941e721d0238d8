/**
 * What an export wrote.
 *
 * @example
 * ```ts
 * const summary: ExportSummary = { exportId: "5f0c...", tables: 6, rows: 1200, bytes: 183_000, largestChunk: 262_300 };
 * ```
 */
export interface ExportSummary {
  readonly exportId: string;
  readonly tables: number;
  readonly rows: number;
  readonly bytes: number;
  /** The largest chunk written at once: about what the export held in memory. */
  readonly largestChunk: number;
}

/**
 * What an import did; `alreadyImported` when this export had filled the object before (nothing written).
 *
 * @example
 * ```ts
 * const summary: ImportSummary = { exportId: "5f0c...", source: "alice", tables: 6, rows: 1200, alreadyImported: false };
 * ```
 */
export interface ImportSummary {
  readonly exportId: string;
  readonly source: string | null;
  readonly tables: number;
  readonly rows: number;
  readonly alreadyImported: boolean;
}

/**
 * What a deletion did: the rows the object had, and whether the sink of its replication is told.
 *
 * @example
 * ```ts
 * const summary: DeleteSummary = { name: "alice", rows: 1200, replicated: true };
 * ```
 */
export interface DeleteSummary {
  readonly name: string | null;
  readonly rows: number;
  readonly replicated: boolean;
}
