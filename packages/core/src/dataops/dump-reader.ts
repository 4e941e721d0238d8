import { listAppliedMigrations } from "../migrations/migration-runner.js";
import {
  DUMP_FORMAT,
  DUMP_VERSION,
  type DumpHeader,
  type DumpTrailer,
  type DumpValue,
  toBase64,
} from "../shared/dump-format.js";
import { type ExportedTable, exportedSchema, exportedSequences, exportedTables } from "./dump-tables.js";
import { allowReplaceCapture, beginSnapshot, endSnapshot, snapshotPageSql } from "./export-snapshot.js";

/** Rows per page at most, and the first page of a table (the next pages are sized by what the last one weighed). */
const MAX_PAGE_ROWS = 1_000;
const FIRST_PAGE_ROWS = 16;
/** A chunk is handed on once it holds about this many characters. */
export const CHUNK_CHARS = 256 * 1024;

function encodeValue(value: SqlStorageValue, kind: number): DumpValue {
  if (value === null || typeof value === "string") {
    return kind === 2 ? { $int: value as string } : value;
  }
  if (typeof value === "number") {
    if (kind !== 1) return value;
    if (value === Number.POSITIVE_INFINITY) return { $real: "Infinity" };
    if (value === Number.NEGATIVE_INFINITY) return { $real: "-Infinity" };
    return Number.isInteger(value) ? { $real: value } : value;
  }
  return { $blob: toBase64(new Uint8Array(value)) };
}

/**
 * Reads an object's database as export lines, chunk by chunk: `next()` is
 * synchronous and answers the next chunk of whole lines (about
 * {@link CHUNK_CHARS}), or null after the trailer. It pages through each table
 * by its key, so it holds one page and one chunk at a time, whatever the size
 * of the database, while the object keeps serving requests: the lines are the
 * database as it was when the reader was made (see export-snapshot.ts).
 * `close()` ends the snapshot; call it however the export ends.
 */
export class DumpReader {
  readonly header: DumpHeader;
  readonly #sql: SqlStorage;
  readonly #tables: readonly ExportedTable[];
  readonly #counts: Record<string, number> = {};
  #table = 0;
  #after: SqlStorageValue[] | null = null;
  #pageRows = FIRST_PAGE_ROWS;
  #headerSent = false;
  #done = false;
  #rows = 0;

  constructor(storage: DurableObjectStorage, source: string | null) {
    const sql = storage.sql;
    this.#sql = sql;
    allowReplaceCapture(sql);
    // One transaction: the header and the start of copy-on-write are the same instant.
    const { tables, header } = storage.transactionSync(() => {
      endSnapshot(sql);
      const tables = exportedTables(sql);
      beginSnapshot(sql, tables);
      return { tables, header: this.#readHeader(sql, tables, source) };
    });
    this.#tables = tables;
    this.header = header;
  }

  #readHeader(sql: SqlStorage, tables: readonly ExportedTable[], source: string | null): DumpHeader {
    return {
      format: DUMP_FORMAT,
      version: DUMP_VERSION,
      id: crypto.randomUUID(),
      source,
      exportedAt: Date.now(),
      migrations: listAppliedMigrations(sql),
      schema: exportedSchema(sql),
      tables: tables.map(({ name, columns, rowid }) => ({ name, columns, rowid })),
      sequences: exportedSequences(sql),
    };
  }

  /** Ends the snapshot (drops its side tables and triggers). */
  close(): void {
    endSnapshot(this.#sql);
  }

  /** Rows read so far. */
  get rows(): number {
    return this.#rows;
  }

  /** The next chunk of lines, or null when the export is complete. */
  next(): string | null {
    if (this.#done) return null;
    let chunk = "";
    if (!this.#headerSent) {
      this.#headerSent = true;
      chunk += `${JSON.stringify(this.header)}\n`;
    }
    while (chunk.length < CHUNK_CHARS) {
      const table = this.#tables[this.#table];
      if (!table) {
        const trailer: DumpTrailer = { end: true, rows: this.#rows, counts: this.#counts };
        this.#done = true;
        return `${chunk}${JSON.stringify(trailer)}\n`;
      }
      const page = this.#page(table);
      chunk += page;
    }
    return chunk;
  }

  // One page of `table` as lines; moves to the next table when the page is short.
  #page(table: ExportedTable): string {
    const after = this.#after;
    const limit = this.#pageRows;
    const sql = snapshotPageSql(table, this.#table, limit, after !== null);
    const cursor = this.#sql.exec(sql, ...(after ?? []), ...(after ?? [])).raw();
    const rows = Array.from(cursor);
    const width = table.columns.length;
    const offset = table.rowid ? 1 : 0;
    const name = JSON.stringify(table.name);
    let lines = "";
    for (const row of rows) {
      const values: DumpValue[] = table.rowid ? [row[0] as number] : [];
      for (let i = 0; i < width; i++) values.push(encodeValue(row[offset + i]!, row[offset + width + i] as number));
      lines += `{"t":${name},"r":${JSON.stringify(values)}}\n`;
    }
    this.#rows += rows.length;
    this.#counts[table.name] = (this.#counts[table.name] ?? 0) + rows.length;
    // About a quarter of a chunk per page, so a chunk stays near its size whatever the rows weigh.
    const perRow = rows.length > 0 ? lines.length / rows.length : 1;
    this.#pageRows = Math.max(1, Math.min(MAX_PAGE_ROWS, Math.floor(CHUNK_CHARS / 4 / perRow)));
    if (rows.length < limit) {
      this.#table++;
      this.#after = null;
      this.#pageRows = FIRST_PAGE_ROWS;
    } else {
      const last = rows[rows.length - 1]!;
      this.#after = last.slice(last.length - Math.max(table.key.length, 1));
    }
    return lines;
  }
}
