import * as v from "valibot";
import { LOG_TABLE } from "../log/log-plugin.js";
import { listAppliedMigrations } from "../migrations/migration-runner.js";
import { definePlugin, type PluginContext } from "../plugin/plugin.js";
import { fieldError, parseInput } from "../schema/parse-input.js";
import { quoteId } from "../replication/capture.js";
import { runtimeOfState } from "../runtime/attach-runtime.js";
import type { DeleteSummary, ExportSummary, ImportSummary } from "../shared/data-summaries.js";
import { alone } from "./alone.js";
import { exportedTables } from "./dump-tables.js";
import { exportDatabase } from "./export-database.js";
import { endSnapshot } from "./export-snapshot.js";
import { importDatabase } from "./import-database.js";

/** `deleteUser`'s `by`: who asked, for the audit (absent: "unknown"). */
export const DeletedBy = v.optional(
  v.pipe(
    v.string(),
    v.check((by) => by.trim() !== ""),
    v.maxLength(200),
    fieldError("bad_delete", "must say who asked, in 1 to 200 characters"),
  ),
  "unknown",
);

// The rows a deletion removes, for the audit: every exported table's but the log's.
function countRows(sql: SqlStorage): number {
  let rows = 0;
  for (const table of exportedTables(sql)) {
    if (table.name === LOG_TABLE) continue;
    rows += sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${quoteId(table.name)}`).one().n;
  }
  return rows;
}

/**
 * The core plugin that moves a user's data: every UserDO and every
 * `withPlugins` class can export its database, fill a new object from an
 * export, and delete its user everywhere. An export is a consistent snapshot
 * while the object keeps serving (copy-on-write, see export-snapshot.ts); a
 * deletion runs with the object's other requests kept out.
 *
 * @example
 * ```ts
 * // In a Worker: stream alice's database into a Response.
 * const { readable, writable } = new IdentityTransformStream();
 * ctx.waitUntil(env.USERS.get(env.USERS.idFromName("alice")).exportDatabase(writable));
 * return new Response(readable, { headers: { "content-type": "application/x-ndjson" } });
 * ```
 */
export const dataPlugin = definePlugin({
  name: "data",
  onWake(this: PluginContext) {
    // An export cut short by an eviction left its snapshot behind.
    endSnapshot(this.ctx.storage.sql);
  },
  methods: {
    /**
     * Writes the whole database as an export (JSON Lines, see the format in
     * the README) into `writable`, then closes it; on failure it aborts it,
     * so the reader never mistakes a partial export for a whole one.
     */
    exportDatabase(this: PluginContext, writable: WritableStream<Uint8Array>): Promise<ExportSummary> {
      return exportDatabase(this, writable);
    },

    /**
     * Fills this object from an export: refused (409 `import_mismatch`, the
     * migration or table named) unless every migration of the source is
     * applied here with the same checksum, and (409 `not_empty`) unless the
     * object is new. All or nothing: on any error, what was written is wiped
     * (an eviction during the import too, on the next wake). Rerunning the
     * same export answers `alreadyImported` and writes nothing. The rows
     * replicate like any write. Import into an object before it is used; `replace`
     * resets the object first (for a class whose migrations seed rows, or to overwrite it).
     */
    importDatabase(
      this: PluginContext,
      readable: ReadableStream<Uint8Array>,
      options: { replace?: boolean } = {},
    ): Promise<ImportSummary> {
      return importDatabase(this, readable, options);
    },

    /**
     * Wakes the object (applying pending migrations, as every call does) and
     * answers how many migrations are applied and the last; a fleet migration
     * calls it. A failed migration makes it throw, naming the migration.
     */
    migrationState(this: PluginContext): { applied: number; last: string | null } {
      const applied = listAppliedMigrations(this.ctx.storage.sql);
      return { applied: applied.length, last: applied.at(-1)?.id ?? null };
    },

    /**
     * Deletes this user everywhere: the object's storage and alarm now (it
     * then answers as a new user of its class, with nothing in it), and, when
     * the class replicates, its rows at the master or D1 sink through
     * replication, which records who asked, when and how many rows.
     */
    async deleteUser(this: PluginContext, options: { by?: string } = {}): Promise<DeleteSummary> {
      const by = parseInput(DeletedBy, options?.by, { root: "by" });
      const runtime = runtimeOfState(this.ctx);
      const replication = runtime.replication;
      // Refused before anything is wiped: a sink that cannot erase would keep the rows.
      replication?.assertCanErase();
      return alone(this.ctx, async () => {
        const rows = countRows(this.ctx.storage.sql);
        await runtime.reset();
        if (replication) {
          replication.requestErase(by, rows);
          await runtime.scheduler.arm();
        }
        return { name: this.name, rows, replicated: replication !== null };
      });
    },
  },
});
