import * as v from "valibot";
import { UserDOError } from "../errors.js";
import { fieldError, parseInput } from "../schema/parse-input.js";
import { listAppliedMigrations } from "../migrations/migration-runner.js";
import { quoteId } from "../replication/capture.js";
import { DUMP_FORMAT, DUMP_VERSION, type DumpHeader, type DumpTable } from "../shared/dump-format.js";
import { LOG_TABLE } from "../log/log-plugin.js";

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_export", message);
}

function mismatch(message: string): UserDOError {
  return new UserDOError(409, "import_mismatch", message);
}

const badExport = <T>(message: string) => fieldError<T>("bad_export", message);
const Text = v.pipe(v.string(), v.minLength(1));

/**
 * The first line of an export as an import reads it: its format, version, id,
 * migrations, tables and sequences (the rest is carried as it is).
 */
export const DumpHeaderSchema = v.object({
  format: v.pipe(
    v.picklist([DUMP_FORMAT]),
    badExport(`must be "${DUMP_FORMAT}": is this a userdo export (JSON Lines)?`),
  ),
  version: v.number(),
  id: v.pipe(Text, badExport("must be the export's id")),
  migrations: v.pipe(
    v.array(v.object({ id: Text, checksum: Text })),
    badExport("must list the export's migrations as {id, checksum}"),
  ),
  tables: v.pipe(
    v.array(v.object({ name: Text, columns: v.array(Text), rowid: v.boolean() })),
    badExport("must list the export's tables as {name, columns, rowid}"),
  ),
  sequences: v.pipe(v.object({}), badExport("must be the export's AUTOINCREMENT counters")),
});

/** The first line of an export, checked for shape ({@link DumpHeaderSchema}) and version; a 400 `bad_export` names what is wrong. */
export function parseHeader(line: string | undefined): DumpHeader {
  let header: unknown;
  try {
    header = JSON.parse(line ?? "");
  } catch {
    throw bad("the export's first line is not JSON: is this a userdo export (JSON Lines)?");
  }
  const { version } = parseInput(DumpHeaderSchema, header, { code: "bad_export", name: "the export's first line" });
  if (version !== DUMP_VERSION) {
    throw bad(`the export is version ${version}; this userdo reads version ${DUMP_VERSION} (upgrade @userdo/core)`);
  }
  return header as DumpHeader;
}

/**
 * Checks that the target can take the export: every migration the source had
 * is applied here with the same checksum (the target may have more), every
 * table and column exists, and the tables are empty (the log may have lines),
 * unless `replace`: then their rows are deleted (the caller reset the object first).
 * A 409 `import_mismatch` names the migration or table; `not_empty` the table with rows.
 */
export function checkTarget(sql: SqlStorage, header: DumpHeader, replace = false): void {
  checkMigrations(sql, header);
  for (const table of header.tables) checkTable(sql, table, replace);
}

/** The migration half of {@link checkTarget}: every migration of the source, applied here with its checksum. */
export function checkMigrations(sql: SqlStorage, header: DumpHeader): void {
  const applied = new Map(listAppliedMigrations(sql).map((m) => [m.id, m.checksum]));
  for (const migration of header.migrations) {
    const here = applied.get(migration.id);
    if (here === undefined) {
      throw mismatch(
        `migration "${migration.id}" of the export is not applied here: import into a class whose migrations include the source's`,
      );
    }
    if (here !== migration.checksum) {
      throw mismatch(
        `migration "${migration.id}" differs here (checksum ${here.slice(0, 12)}, the export's ${migration.checksum.slice(0, 12)})`,
      );
    }
  }
}

function checkTable(sql: SqlStorage, table: DumpTable, replace: boolean): void {
  const columns = new Set(
    sql
      .exec<{ name: string }>("SELECT name FROM pragma_table_info(?)", table.name)
      .toArray()
      .map((c) => c.name),
  );
  if (columns.size === 0) throw mismatch(`table "${table.name}" of the export does not exist here`);
  const missing = table.columns.find((c) => !columns.has(c));
  if (missing !== undefined) throw mismatch(`table "${table.name}" has no column "${missing}" here`);
  if (table.name === LOG_TABLE) return;
  // Replacing: the object was just reset, so its rows are what its migrations seed; the export's take their place.
  if (replace) {
    sql.exec(`DELETE FROM ${quoteId(table.name)}`);
    return;
  }
  if (sql.exec(`SELECT 1 FROM ${quoteId(table.name)} LIMIT 1`).toArray().length > 0) {
    throw new UserDOError(
      409,
      "not_empty",
      `table "${table.name}" already has rows: import into a new object, or with replace (?replace=1) to reset this one first`,
    );
  }
}
