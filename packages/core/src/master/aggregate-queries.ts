import { UserDOError } from "../errors.js";
import { quoteId } from "../replication/capture.js";
import type { RowValue } from "../replication/replication-types.js";
import type {
  CheckedFilter,
  CheckedGroupedSumQuery,
  CheckedListQuery,
  CheckedSourceQuery,
} from "./aggregate-inputs.js";
import { SOURCES_TABLE, type SourceRow, knownTables } from "./master-tables.js";

// The queries take arguments already parsed by aggregate-inputs' schemas (at
// the MasterDO's entry); what is left here is what only the table can tell.

/** One group of a grouped sum. */
export interface GroupSum {
  readonly key: RowValue;
  readonly sum: number;
  readonly count: number;
}

/** A registry row: a user the master has seen. */
export interface SourceInfo {
  readonly name: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly rows: number;
}

function columnsOf(sql: SqlStorage, table: string): Set<string> {
  const columns = knownTables(sql).get(table);
  if (!columns)
    throw new UserDOError(404, "unknown_table", `this master has no replicated table ${JSON.stringify(table)}`);
  return new Set(["_source", "_rowid", ...columns]);
}

// Which columns exist is known only from the table, so a name is checked here,
// after parsing, rather than by the schema.
function column(columns: Set<string>, name: string): string {
  if (!columns.has(name)) throw new UserDOError(400, "bad_query", `unknown column ${JSON.stringify(name)}`);
  return quoteId(name);
}

function whereClause(columns: Set<string>, where: CheckedFilter | undefined): { text: string; params: RowValue[] } {
  const entries = Object.entries(where ?? {});
  if (entries.length === 0) return { text: "", params: [] };
  const parts = entries.map(([name, value]) =>
    value === null ? `${column(columns, name)} IS NULL` : `${column(columns, name)} = ?`,
  );
  const params = entries.map(([, value]) => value).filter((value) => value !== null);
  return { text: `WHERE ${parts.join(" AND ")}`, params };
}

/** Rows of `table` matching `where`. */
export function countRows(sql: SqlStorage, table: string, where?: CheckedFilter): number {
  const columns = columnsOf(sql, table);
  const w = whereClause(columns, where);
  return sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${quoteId(table)} ${w.text}`, ...w.params).one().n;
}

/** Sum of `sumOf` over matching rows (0 when none); integers stay integers. */
export function sumColumn(sql: SqlStorage, table: string, sumOf: string, where?: CheckedFilter): number {
  const columns = columnsOf(sql, table);
  const w = whereClause(columns, where);
  return sql
    .exec<{ s: number }>(
      `SELECT coalesce(sum(${column(columns, sumOf)}), 0) AS s FROM ${quoteId(table)} ${w.text}`,
      ...w.params,
    )
    .one().s;
}

/** Sums per group, biggest first. */
export function sumGroups(sql: SqlStorage, table: string, sumOf: string, query: CheckedGroupedSumQuery): GroupSum[] {
  const columns = columnsOf(sql, table);
  const w = whereClause(columns, query.where);
  const group = column(columns, query.groupBy);
  return sql
    .exec<{ key: RowValue; sum: number; count: number }>(
      `SELECT ${group} AS key, coalesce(sum(${column(columns, sumOf)}), 0) AS sum, count(*) AS count
       FROM ${quoteId(table)} ${w.text} GROUP BY ${group} ORDER BY sum DESC, key LIMIT ?`,
      ...w.params,
      query.limit,
    )
    .toArray();
}

/** Matching rows with their `_source`, ordered, at most `limit`. */
export function listRows(sql: SqlStorage, table: string, query: CheckedListQuery): Record<string, RowValue>[] {
  const columns = columnsOf(sql, table);
  const w = whereClause(columns, query.where);
  const order = column(columns, query.orderBy);
  const direction = query.direction === "desc" ? "DESC" : "ASC";
  return sql
    .exec(
      `SELECT * FROM ${quoteId(table)} ${w.text} ORDER BY ${order} ${direction}, _source, _rowid LIMIT ?`,
      ...w.params,
      query.limit,
    )
    .toArray();
}

/** The registry: every user this master has seen. */
export function listSources(sql: SqlStorage, query: CheckedSourceQuery): SourceInfo[] {
  // orderBy is one of the registry's columns (the schema's picklist), safe to write into the SQL.
  const direction = query.direction === "desc" ? "DESC" : "ASC";
  return sql
    .exec<SourceRow>(`SELECT * FROM ${SOURCES_TABLE} ORDER BY ${query.orderBy} ${direction}, name LIMIT ?`, query.limit)
    .toArray()
    .map((r) => ({ name: r.name, firstSeen: r.first_seen, lastSeen: r.last_seen, rows: r.rows }));
}
