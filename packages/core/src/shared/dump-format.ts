/**
 * The export format of a user's database, version 1: JSON Lines (one JSON
 * value per line, UTF-8). JSON Lines rather than an SQL dump because it
 * streams both ways line by line with a bounded buffer, it carries values
 * exactly (an SQL dump would need SQLite's own literal syntax for BLOBs and
 * reals, and a parser to check it before anything runs), and the importer
 * can validate the header against the target before it writes one row:
 *
 * 1. a header: `{"format": "userdo-export", "version": 1, "id", "source", "exportedAt",
 *    "migrations": [{"id", "checksum", "appliedAt"}], "schema": [{"type", "name", "table", "sql"}],
 *    "tables": [{"name", "columns", "rowid"}], "sequences": {"table": n}}`
 * 2. one line per row, tables in header order: `{"t": "todo", "r": [rowid?, ...values]}`
 *    (the rowid first when the table's `rowid` is true);
 * 3. a trailer: `{"end": true, "rows": n, "counts": {"todo": n}}`. A file without
 *    it is cut short, and an import refuses it.
 *
 * Values: null, integers and text as JSON; a REAL that JSON would read back as
 * an integer (`2.0`) or cannot write (`Infinity`) as `{"$real": 2}`; an integer
 * beyond 2^53 as `{"$int": "9007199254740993"}`; a BLOB as `{"$blob": "<base64>"}`.
 */
export const DUMP_FORMAT = "userdo-export";
/** The version this code writes and reads. */
export const DUMP_VERSION = 1;

/** One applied migration, as the source recorded it. */
export interface DumpMigration {
  readonly id: string;
  readonly checksum: string;
  readonly appliedAt: number;
}

/** One entry of the source's `sqlite_schema` (platform and replication entries left out). */
export interface DumpSchemaEntry {
  readonly type: string;
  readonly name: string;
  readonly table: string;
  readonly sql: string | null;
}

/** A table whose rows follow the header. */
export interface DumpTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** True when each row starts with its rowid (a rowid table without an INTEGER PRIMARY KEY alias). */
  readonly rowid: boolean;
}

/** The first line of an export. */
export interface DumpHeader {
  readonly format: typeof DUMP_FORMAT;
  readonly version: number;
  /** A random id of this export; an import of the same file twice is recognized by it. */
  readonly id: string;
  /** The exported object's name. */
  readonly source: string | null;
  readonly exportedAt: number;
  readonly migrations: readonly DumpMigration[];
  readonly schema: readonly DumpSchemaEntry[];
  readonly tables: readonly DumpTable[];
  /** AUTOINCREMENT counters (`sqlite_sequence`), by table. */
  readonly sequences: Readonly<Record<string, number>>;
}

/** A row line. */
export interface DumpRow {
  readonly t: string;
  readonly r: readonly DumpValue[];
}

/** The last line. */
export interface DumpTrailer {
  readonly end: true;
  readonly rows: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** A value as a row line carries it. */
export type DumpValue =
  | null
  | number
  | string
  | { readonly $real: number | "Infinity" | "-Infinity" }
  | { readonly $int: string }
  | { readonly $blob: string };

type Base64Bytes = Uint8Array & { toBase64?: () => string };
type Base64Ctor = typeof Uint8Array & { fromBase64?: (text: string) => Uint8Array };

/** Standard base64 of bytes (the runtime's own encoder when it has one). */
export function toBase64(bytes: Uint8Array): string {
  const fast = (bytes as Base64Bytes).toBase64;
  if (typeof fast === "function") return fast.call(bytes);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The bytes of standard base64; throws on anything else. */
export function fromBase64(text: string): Uint8Array {
  const fast = (Uint8Array as Base64Ctor).fromBase64;
  if (typeof fast === "function") return fast(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
