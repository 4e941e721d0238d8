import type { PluginContext } from "../plugin/plugin.js";
import { LOG_TABLE } from "../log/log-plugin.js";
import { runtimeOfState } from "../runtime/attach-runtime.js";
import type { ImportSummary } from "../shared/data-summaries.js";
import { alone } from "./alone.js";
import { checkMigrations, checkTarget, parseHeader } from "./dump-header.js";
import { DumpWriter } from "./dump-writer.js";
import { importedExportId, markImportBegun, markImportDone } from "./import-marker.js";
import { restoreTriggers, suspendTriggers } from "./import-triggers.js";
import { lineBatches } from "./line-batches.js";

/**
 * Fills the object from an export (see `importDatabase` on the data plugin):
 * the header checked against the target first, then each batch of lines in
 * one transaction, the app's triggers suspended meanwhile, the trailer's
 * counts checked last. Any error wipes the object.
 */
export async function importDatabase(
  context: PluginContext,
  readable: ReadableStream<Uint8Array>,
  options: { replace?: boolean } = {},
): Promise<ImportSummary> {
  const runtime = runtimeOfState(context.ctx);
  const storage = context.ctx.storage;
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
      await alone(context.ctx, () => runtime.reset());
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
      await alone(context.ctx, async () => {
        // A sink without erase keeps what it acknowledged; the reset's newer epoch still supersedes it.
        const sent = (runtime.replication?.acked() ?? 0) > 0 && runtime.replication!.canErase();
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
    context.log("info", "database imported", { rows, from: header.source });
    return { ...base, rows, alreadyImported: false };
  } finally {
    await batches.return(undefined);
  }
}
