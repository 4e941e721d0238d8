import { UserDOError } from "../errors.js";
import { definePlugin, type PluginContext } from "../plugin/plugin.js";
import { quoteId } from "../replication/capture.js";
import { runtimeOfState } from "../runtime/attach-runtime.js";
import type { DeleteSummary, ExportSummary, ImportSummary } from "../shared/data-summaries.js";
import { checkMigrations, checkTarget, parseHeader } from "./dump-header.js";
import { DumpReader } from "./dump-reader.js";
import { exportedTables } from "./dump-tables.js";
import { DumpWriter } from "./dump-writer.js";
import { endSnapshot } from "./export-snapshot.js";
import { importedExportId, markImportBegun, markImportDone } from "./import-marker.js";
import { lineBatches } from "./line-batches.js";
import { restoreTriggers, suspendTriggers } from "./import-triggers.js";
import { LOG_TABLE } from "../log/log-plugin.js";
import { listAppliedMigrations } from "../migrations/migration-runner.js";

// Objects with an export running: one at a time, as each has one snapshot.
const exporting = new WeakSet<DurableObjectState>();

/**
 * Runs `work` with every other request, RPC and alarm of the object kept
 * out. A throw inside `blockConcurrencyWhile` would reset the object, so an
 * error is carried out of it and thrown here, to the caller.
 */
async function alone<T>(ctx: DurableObjectState, work: () => Promise<T>): Promise<T> {
  const outcome = await ctx.blockConcurrencyWhile(async () => {
    try {
      return { ok: true as const, value: await work() };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function checkBy(by: unknown): string {
  if (by === undefined) return "unknown";
  if (typeof by !== "string" || by.trim() === "" || by.length > 200) {
    throw new UserDOError(400, "bad_delete", "by must say who asked, in 1 to 200 characters");
  }
  return by;
}

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
    async exportDatabase(this: PluginContext, writable: WritableStream<Uint8Array>): Promise<ExportSummary> {
      const writer = writable.getWriter();
      if (exporting.has(this.ctx)) {
        const error = new UserDOError(409, "export_running", "an export of this object is running; wait for it to end");
        await writer.abort(error).catch(() => {});
        throw error;
      }
      exporting.add(this.ctx);
      const encoder = new TextEncoder();
      let reader: DumpReader | undefined;
      try {
        reader = new DumpReader(this.ctx.storage, this.name);
        let bytes = 0;
        let largestChunk = 0;
        for (let chunk = reader.next(); chunk !== null; chunk = reader.next()) {
          const data = encoder.encode(chunk);
          bytes += data.byteLength;
          largestChunk = Math.max(largestChunk, data.byteLength);
          // Waits for the reader: the export holds about one chunk at a time, whatever the database's size.
          await writer.write(data);
        }
        await writer.close();
        const summary = {
          exportId: reader.header.id,
          tables: reader.header.tables.length,
          rows: reader.rows,
          bytes,
          largestChunk,
        };
        this.log("info", "database exported", { rows: summary.rows, bytes });
        return summary;
      } catch (error) {
        await writer.abort(error).catch(() => {});
        throw error;
      } finally {
        reader?.close();
        exporting.delete(this.ctx);
      }
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
    async importDatabase(
      this: PluginContext,
      readable: ReadableStream<Uint8Array>,
      options: { replace?: boolean } = {},
    ): Promise<ImportSummary> {
      const runtime = runtimeOfState(this.ctx);
      const storage = this.ctx.storage;
      const sql = storage.sql;
      // Not under blockConcurrencyWhile: reading the body needs the stream's own events,
      // which it would hold out. Each batch of lines is one transaction instead, and a
      // failure wipes the object (and the sink, if a flush sent rows meanwhile).
      const batches = lineBatches(readable);
      try {
        const first = await batches.next();
        const lines = first.done ? [] : first.value;
        const header = parseHeader(lines[0]);
        const base = { exportId: header.id, source: header.source, tables: header.tables.length };
        if (importedExportId(sql) === header.id) return { ...base, rows: 0, alreadyImported: true };
        const replace = options?.replace === true;
        if (replace) {
          // Refused before anything is wiped.
          checkMigrations(sql, header);
          await alone(this.ctx, () => runtime.reset());
        }
        const triggers = storage.transactionSync(() => {
          checkTarget(sql, header, replace);
          // A new object's log holds only what waking it said; the source's log takes its place.
          sql.exec(`DELETE FROM ${LOG_TABLE}`);
          markImportBegun(sql, header.id);
          return suspendTriggers(sql);
        });
        const writer = new DumpWriter(sql, header);
        let rows: number;
        try {
          let pending = lines.slice(1);
          for (;;) {
            storage.transactionSync(() => writer.write(pending));
            const next = await batches.next();
            if (next.done) break;
            pending = next.value;
          }
          rows = storage.transactionSync(() => {
            const written = writer.finish();
            restoreTriggers(sql, triggers);
            markImportDone(sql, header.id);
            return written;
          });
        } catch (error) {
          await alone(this.ctx, async () => {
            const sent = (runtime.replication?.acked() ?? 0) > 0;
            await runtime.reset();
            if (sent) {
              runtime.replication!.requestErase("failed import", 0);
              await runtime.scheduler.arm();
            }
          });
          throw error;
        }
        // The imported tasks get the alarm; the imported rows go to the master.
        runtime.replication?.ensureFlush();
        await runtime.scheduler.arm();
        this.log("info", "database imported", { rows, from: header.source });
        return { ...base, rows, alreadyImported: false };
      } finally {
        await batches.return(undefined);
      }
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
      const by = checkBy(options?.by);
      const runtime = runtimeOfState(this.ctx);
      return alone(this.ctx, async () => {
        const rows = countRows(this.ctx.storage.sql);
        await runtime.reset();
        const replication = runtime.replication;
        if (replication) {
          replication.requestErase(by, rows);
          await runtime.scheduler.arm();
        }
        return { name: this.name, rows, replicated: replication !== null };
      });
    },
  },
});
