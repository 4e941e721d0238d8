import { UserDOError } from "../errors.js";
import type { PluginContext } from "../plugin/plugin.js";
import type { ExportSummary } from "../shared/data-summaries.js";
import { DumpReader } from "./dump-reader.js";

// Objects with an export running: one at a time, as each has one snapshot.
const exporting = new WeakSet<DurableObjectState>();

/**
 * Writes the whole database as an export into `writable`, chunk by chunk as
 * the reader takes them, then closes it; on failure it aborts it, so the
 * reader never mistakes a partial export for a whole one.
 */
export async function exportDatabase(
  context: PluginContext,
  writable: WritableStream<Uint8Array>,
): Promise<ExportSummary> {
  const writer = writable.getWriter();
  if (exporting.has(context.ctx)) {
    const error = new UserDOError(409, "export_running", "an export of this object is running; wait for it to end");
    await writer.abort(error).catch(() => {});
    throw error;
  }
  exporting.add(context.ctx);
  const encoder = new TextEncoder();
  let reader: DumpReader | undefined;
  try {
    reader = new DumpReader(context.ctx.storage, context.name);
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
    const { header } = reader;
    const summary = { exportId: header.id, tables: header.tables.length, rows: reader.rows, bytes, largestChunk };
    context.log("info", "database exported", { rows: summary.rows, bytes });
    return summary;
  } catch (error) {
    await writer.abort(error).catch(() => {});
    throw error;
  } finally {
    reader?.close();
    exporting.delete(context.ctx);
  }
}
