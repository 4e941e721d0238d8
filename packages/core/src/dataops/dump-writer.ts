import { UserDOError } from "../errors.js";
import { quoteId } from "../replication/capture.js";
import { type DumpHeader, type DumpTable, type DumpTrailer, fromBase64 } from "../shared/dump-format.js";

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_export", message);
}

type Bound = null | number | string | ArrayBuffer;

// A value of a row line as a bound parameter and the placeholder that stores it as the source had it.
function decodeValue(value: unknown, where: string): [Bound, string] {
  if (value === null || typeof value === "string") return [value, "?"];
  if (typeof value === "number") return [value, "?"];
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.$blob === "string") {
      try {
        const bytes = fromBase64(v.$blob);
        return [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, "?"];
      } catch {
        throw bad(`${where}: a BLOB is not valid base64`);
      }
    }
    if (v.$real === "Infinity") return [Number.POSITIVE_INFINITY, "?"];
    if (v.$real === "-Infinity") return [Number.NEGATIVE_INFINITY, "?"];
    if (typeof v.$real === "number") return [v.$real, "CAST(? AS REAL)"];
    if (typeof v.$int === "string" && /^-?\d{1,19}$/.test(v.$int)) return [v.$int, "CAST(? AS INTEGER)"];
  }
  throw bad(`${where}: ${JSON.stringify(value).slice(0, 80)} is not a value of the export format`);
}

/**
 * Writes the rows of an export into the target, line by line. The caller
 * runs each batch of lines in one synchronous transaction and keeps other
 * requests out (`blockConcurrencyWhile`); any error leaves it to the caller
 * to wipe what was written. `finish()` checks the trailer was read and the
 * counts match, then restores the AUTOINCREMENT counters.
 */
export class DumpWriter {
  readonly #sql: SqlStorage;
  readonly #header: DumpHeader;
  readonly #tables: ReadonlyMap<string, DumpTable>;
  readonly #counts = new Map<string, number>();
  readonly #statements = new Map<string, string>();
  #line = 1;
  #trailer: DumpTrailer | null = null;

  constructor(sql: SqlStorage, header: DumpHeader) {
    this.#sql = sql;
    this.#header = header;
    this.#tables = new Map(header.tables.map((t) => [t.name, t]));
  }

  /** Applies whole lines (rows, then the trailer). */
  write(lines: readonly string[]): void {
    for (const line of lines) {
      this.#line++;
      const where = `line ${this.#line}`;
      if (this.#trailer) throw bad(`${where}: the export goes on after its last line`);
      let parsed: { t?: unknown; r?: unknown; end?: unknown };
      try {
        parsed = JSON.parse(line);
      } catch {
        throw bad(`${where} is not JSON`);
      }
      if (parsed?.end === true) {
        this.#trailer = parsed as DumpTrailer;
        continue;
      }
      const table = typeof parsed?.t === "string" ? this.#tables.get(parsed.t) : undefined;
      if (!table) throw bad(`${where}: a row of a table the header does not list`);
      this.#insert(table, parsed.r, where);
    }
  }

  #insert(table: DumpTable, row: unknown, where: string): void {
    const width = table.columns.length + (table.rowid ? 1 : 0);
    if (!Array.isArray(row) || row.length !== width) {
      throw bad(`${where}: a row of "${table.name}" must have ${width} values`);
    }
    const params: Bound[] = [];
    const holders: string[] = [];
    for (const value of row) {
      const [bound, holder] = decodeValue(value, where);
      params.push(bound);
      holders.push(holder);
    }
    const key = `${table.name}\u0000${holders.join(",")}`;
    let statement = this.#statements.get(key);
    if (!statement) {
      const columns = [...(table.rowid ? ["rowid"] : []), ...table.columns.map(quoteId)];
      statement = `INSERT INTO ${quoteId(table.name)} (${columns.join(", ")}) VALUES (${holders.join(", ")})`;
      this.#statements.set(key, statement);
    }
    try {
      this.#sql.exec(statement, ...params);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UserDOError(409, "import_failed", `${where}: a row of "${table.name}" was refused: ${reason}`);
    }
    this.#counts.set(table.name, (this.#counts.get(table.name) ?? 0) + 1);
  }

  /** After the last batch: the trailer was there and agrees; AUTOINCREMENT counters restored. Rows written. */
  finish(): number {
    const trailer = this.#trailer;
    if (!trailer) throw bad("the export ends before its last line: it was cut short; export again");
    let rows = 0;
    for (const table of this.#header.tables) {
      const got = this.#counts.get(table.name) ?? 0;
      if (got !== (trailer.counts?.[table.name] ?? 0)) {
        throw bad(
          `table "${table.name}" has ${got} rows in the export, its last line says ${trailer.counts?.[table.name]}`,
        );
      }
      rows += got;
    }
    for (const [name, seq] of Object.entries(this.#header.sequences)) {
      if (!this.#tables.has(name) || typeof seq !== "number") continue;
      this.#sql.exec("DELETE FROM sqlite_sequence WHERE name = ?", name);
      this.#sql.exec("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", name, seq);
    }
    return rows;
  }
}
