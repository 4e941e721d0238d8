// Exports and imports through the objects' RPC, as the Worker route does.
import type { DumpHeader, ExportSummary, ImportSummary } from "../src/index.js";

interface Exportable {
  exportDatabase(writable: WritableStream<Uint8Array>): Promise<ExportSummary>;
}
interface Importable {
  importDatabase(readable: ReadableStream<Uint8Array>): Promise<ImportSummary>;
}

/** The whole export of an object as text, with what the object said it wrote. */
export async function exportText(stub: Exportable): Promise<{ text: string; summary: ExportSummary }> {
  const { readable, writable } = new IdentityTransformStream();
  const done = stub.exportDatabase(writable);
  const [text, summary] = await Promise.all([new Response(readable).text(), done]);
  return { text, summary };
}

/** Imports `text` (the body of an export) into an object. */
export function importText(stub: Importable, text: string): Promise<ImportSummary> {
  return stub.importDatabase(new Response(text).body!);
}

/** The header and the row lines of an export, by table. */
export function parseExport(text: string): { header: DumpHeader; rows: Map<string, string[]>; trailer: any } {
  const lines = text.trimEnd().split("\n");
  const header = JSON.parse(lines[0]!) as DumpHeader;
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(1, -1)) {
    const table = (JSON.parse(line) as { t: string }).t;
    rows.set(table, [...(rows.get(table) ?? []), line]);
  }
  return { header, rows, trailer: JSON.parse(lines.at(-1)!) };
}

/** Bytes 0..255 and then `extra` pseudo-random ones: a BLOB that text or JSON would mangle. */
export function awkwardBytes(extra = 4096): ArrayBuffer {
  const bytes = new Uint8Array(256 + extra);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  let x = 7;
  for (let i = 256; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = x & 0xff;
  }
  return bytes.buffer;
}
