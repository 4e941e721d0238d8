import { UserDOError } from "../errors.js";
import { endCursor } from "../sql/prepared-query.js";
import { AnswerBudget } from "./answer-budget.js";
import {
  assertNoPlatformTable,
  existingPlatformObjects,
  platformLookingNames,
  platformRefusal,
} from "./platform-tables.js";
import { ReadOnlyError, assertReadOnly } from "./read-only.js";
import { hidePlatformRows, listsSchema, withPlatformSchemaHidden } from "./schema-listing.js";
import { type SqlStatementTokens, splitStatements, statementVerb } from "./sql-statements.js";
import type { StudioAccess, StudioResult, StudioValue } from "../shared/studio-protocol.js";
import type { BindableStatement, CheckedRequest } from "./studio-request.js";

/**
 * A SQL error from SQLite or the platform, answered as a 400 (code
 * `sql_error`) with SQLite's own message.
 *
 * @example
 * ```ts
 * new StudioSqlError("no such table: nope: SQLITE_ERROR"); // {"error": "no such table: nope: SQLITE_ERROR", "code": "sql_error"}
 * ```
 */
export class StudioSqlError extends UserDOError {
  override readonly name = "StudioSqlError";
  constructor(message: string) {
    super(400, "sql_error", message);
  }
}

/**
 * The database a request runs on: raw SQL with the platform's limits checked
 * (an object's `this.sync.exec`, so replication sees studio writes like any
 * other) and the platform's synchronous transaction.
 *
 * @example
 * ```ts
 * const db: StudioDatabase = { exec: (sql, ...p) => this.sync.exec(sql, ...p), transactionSync: (fn) => this.ctx.storage.transactionSync(fn) };
 * ```
 */
export interface StudioDatabase {
  exec(sql: string, ...params: unknown[]): SqlStorageCursor<Record<string, SqlStorageValue>>;
  transactionSync<T>(fn: () => T): T;
}

/**
 * What running a request did: its results, and the verbs that may have written (for the audit log).
 *
 * @example
 * ```ts
 * declare const db: StudioDatabase, checked: CheckedRequest;
 * const { results, writeVerbs } = runStudioRequest(db, checked, "read-write"); // writeVerbs: ["UPDATE"]
 * ```
 */
export interface StudioRun {
  readonly results: StudioResult[];
  readonly writeVerbs: string[];
}

interface Planned {
  readonly statement: BindableStatement;
  readonly pieces: readonly SqlStatementTokens[];
  /** The SQL that runs: the statement's, with the platform's schema rows hidden. */
  readonly sql: string;
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

function sqlError(error: unknown, pieces: readonly SqlStatementTokens[], index: number, count: number): UserDOError {
  if (error instanceof UserDOError) return error;
  const refusal = platformRefusal(error, pieces);
  if (refusal) return refusal;
  const message = error instanceof Error ? error.message : String(error);
  return new StudioSqlError(count > 1 ? `statement ${index + 1}: ${message}` : message);
}

// What a write changes, seen from SQL: rows changed on this connection, and the
// schema's text (DROP changes no row; the schema shows it).
function writeMark(db: StudioDatabase): string {
  const mark = db
    .exec("SELECT total_changes() AS n, group_concat(type || name || ifnull(sql, ''), char(0)) AS s FROM sqlite_schema")
    .one();
  return `${mark.n}\u0000${mark.s}`;
}

// Runs one entry of the request and reads its cursor to the end before
// anything else: the platform requires it, and the counts are final only then.
// On every way out, the statement is ended.
function runOne(
  db: StudioDatabase,
  { statement, pieces, sql }: Planned,
  access: StudioAccess,
  budget: AnswerBudget,
): StudioResult {
  if (isDatabaseList(pieces)) return databaseList();
  const cursor = db.exec(sql, ...statement.params);
  let rows: StudioValue[][] = [];
  try {
    for (const row of cursor.raw()) rows.push(row.map((v) => budget.encode(v)));
  } finally {
    // A refused answer (too large) or a failing row stops the loop early: end the
    // statement now, or it keeps its tables locked against DROP until garbage collection.
    endCursor(cursor);
  }
  const columns = cursor.columnNames;
  if (access === "read-only" && cursor.rowsWritten > 0) throw new ReadOnlyError("the statement wrote; rolled back");
  const last = pieces[pieces.length - 1];
  if (last && listsSchema(last)) rows = hidePlatformRows(rows);
  return { columns, rows, meta: { rows_read: cursor.rowsRead, rows_written: cursor.rowsWritten } };
}

/**
 * Runs a checked request in ONE `transactionSync`: a transaction's statements,
 * or the several statements of one `sql` text, all apply or none does.
 * - Before anything runs: statements naming a platform table are refused
 *   (403), and under read-only access any statement that is not a read (403).
 *   The platform's own refusal (SQLITE_AUTH) of a `_cf_` name is a 403 too.
 * - `sqlite_schema`/`sqlite_master` read without the platform's rows.
 * - While it runs, a read-only request that wrote anyway (seen by the cursor,
 *   by SQLite's `total_changes()` or in the schema) is rolled back and refused.
 * - SQL errors are a 400 with SQLite's message (and the statement's number in
 *   a transaction); schema listings leave out platform tables.
 *
 * @example
 * ```ts
 * declare const body: unknown;
 * const db: StudioDatabase = { exec: (sql, ...p) => this.sync.exec(sql, ...p), transactionSync: (fn) => this.ctx.storage.transactionSync(fn) };
 * const { results } = runStudioRequest(db, checkStudioRequest(body), "read-only");
 * ```
 */
export function runStudioRequest(db: StudioDatabase, request: CheckedRequest, access: StudioAccess): StudioRun {
  const planned: Planned[] = request.statements.map((statement) => {
    const pieces = splitStatements(statement.sql);
    return { statement, pieces, sql: withPlatformSchemaHidden(statement.sql, pieces) };
  });
  const namesPlatform = planned.some(({ pieces }) => pieces.some((tokens) => platformLookingNames(tokens).length > 0));
  // Asked only when a name starts with _cf_: which of the platform's objects exist here.
  const platformObjects = namesPlatform ? existingPlatformObjects((sql) => db.exec(sql).raw()) : new Set<string>();
  for (const { pieces } of planned) {
    for (const tokens of pieces) assertNoPlatformTable(tokens, platformObjects);
    if (access === "read-only") assertReadOnly(pieces);
  }
  const writeVerbs = planned.flatMap(({ pieces }) => pieces.map(statementVerb).filter((v) => !READ_VERBS.has(v)));
  const budget = new AnswerBudget();
  const results = db.transactionSync(() => {
    const before = access === "read-only" ? writeMark(db) : "";
    const out = planned.map((entry, index) => {
      try {
        return runOne(db, entry, access, budget);
      } catch (error) {
        throw sqlError(error, entry.pieces, index, planned.length);
      }
    });
    if (access === "read-only" && writeMark(db) !== before) throw new ReadOnlyError("the request wrote; rolled back");
    return out;
  });
  return { results, writeVerbs };
}
