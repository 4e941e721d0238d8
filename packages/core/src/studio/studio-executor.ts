import { UserDOError } from "../errors.js";
import { execChecked } from "../sql/execute.js";
import { AnswerBudget } from "./answer-budget.js";
import { assertNoPlatformTable, hidePlatformRows, listsSchema } from "./platform-tables.js";
import { ReadOnlyError, assertReadOnly } from "./read-only.js";
import { type SqlStatementTokens, splitStatements, statementVerb } from "./sql-statements.js";
import type { StudioAccess, StudioResult, StudioValue } from "./studio-protocol.js";
import type { BindableStatement, CheckedRequest } from "./studio-request.js";

/** A SQL error from SQLite or the platform, answered as a 400 with its message. */
export class StudioSqlError extends UserDOError {
  override readonly name = "StudioSqlError";
  constructor(message: string) {
    super(400, "sql_error", message);
  }
}

/** What running a request did: its results, and the verbs that may have written (for the audit log). */
export interface StudioRun {
  readonly results: StudioResult[];
  readonly writeVerbs: string[];
}

interface Planned {
  readonly statement: BindableStatement;
  readonly pieces: readonly SqlStatementTokens[];
}

const READ_VERBS = new Set(["SELECT", "VALUES", "EXPLAIN", "PRAGMA"]);

// The platform forbids `PRAGMA database_list` (SQLITE_AUTH), but Outerbase Studio
// asks it first to learn the schemas; an object has exactly one, "main".
function isDatabaseList(pieces: readonly SqlStatementTokens[]): boolean {
  const only = pieces.length === 1 ? pieces[0]! : undefined;
  return only?.length === 2 && only[0]!.text === "PRAGMA" && only[1]!.text === "DATABASE_LIST";
}

function databaseList(): StudioResult {
  return { columns: ["seq", "name", "file"], rows: [[0, "main", ""]], meta: { rows_read: 0, rows_written: 0 } };
}

function sqlError(error: unknown, index: number, count: number): UserDOError {
  if (error instanceof UserDOError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StudioSqlError(count > 1 ? `statement ${index + 1}: ${message}` : message);
}

function totalChanges(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT total_changes() AS n").one().n;
}

/**
 * Runs a checked request in ONE `transactionSync`: a transaction's statements,
 * or the several statements of one `sql` text, all apply or none does. Before
 * anything runs, statements naming a platform table are refused (403) and,
 * under read-only access, any statement that is not a read (403). While it
 * runs, a read-only request that wrote anyway (counted by the cursor and by
 * SQLite's `total_changes()`) is rolled back and refused. SQL errors come back
 * as a 400 with SQLite's message; schema listings leave out platform tables.
 *
 * @example
 * ```ts
 * const { results } = runStudioRequest(ctx.storage, checkStudioRequest(body), "read-only");
 * ```
 */
export function runStudioRequest(storage: DurableObjectStorage, request: CheckedRequest, access: StudioAccess): StudioRun {
  const planned: Planned[] = request.statements.map((statement) => ({ statement, pieces: splitStatements(statement.sql) }));
  for (const { pieces } of planned) {
    for (const tokens of pieces) assertNoPlatformTable(tokens);
    if (access === "read-only") assertReadOnly(pieces);
  }
  const writeVerbs = planned.flatMap(({ pieces }) => pieces.map(statementVerb).filter((v) => !READ_VERBS.has(v)));
  const sql = storage.sql;
  const budget = new AnswerBudget();
  const results = storage.transactionSync(() => {
    const changesBefore = access === "read-only" ? totalChanges(sql) : 0;
    const out = planned.map(({ statement, pieces }, index) => {
      if (isDatabaseList(pieces)) return databaseList();
      let columns: string[];
      let rows: StudioValue[][];
      let cursor: SqlStorageCursor<Record<string, SqlStorageValue>>;
      try {
        cursor = execChecked(sql, statement.sql, statement.params);
        rows = [];
        // Read to the end before anything else: the platform requires it, and the counts are final only then.
        for (const row of cursor.raw()) rows.push(row.map((v) => budget.encode(v)));
        columns = cursor.columnNames;
      } catch (error) {
        throw sqlError(error, index, planned.length);
      }
      if (access === "read-only" && cursor.rowsWritten > 0) throw new ReadOnlyError("the statement wrote; rolled back");
      const last = pieces[pieces.length - 1];
      if (last && listsSchema(last)) rows = hidePlatformRows(columns, rows);
      return { columns, rows, meta: { rows_read: cursor.rowsRead, rows_written: cursor.rowsWritten } };
    });
    if (access === "read-only" && totalChanges(sql) !== changesBefore) throw new ReadOnlyError("the request wrote; rolled back");
    return out;
  });
  return { results, writeVerbs };
}
