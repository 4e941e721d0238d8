import { UserDOError } from "../errors.js";
import { quoteId } from "../replication/capture.js";
import type { RowValue } from "../replication/replication-types.js";
import { SOURCES_TABLE, type SourceRow, knownTables } from "./master-tables.js";

/** Equality filters: `{ _source: "octocat", done: 0 }`. */
export type Filter = Readonly<Record<string, RowValue>>;

/** A page of rows across users, ordered by one column. */
export interface ListQuery {
  readonly where?: Filter;
  readonly orderBy?: string;
  readonly direction?: "asc" | "desc";
  /** Default 100, at most 1,000. */
  readonly limit?: number;
}

/** Sums, optionally per value of `groupBy` (biggest first). */
export interface SumQuery {
  readonly where?: Filter;
  readonly groupBy?: string;
  /** Groups to return; default 100, at most 10,000. */
  readonly limit?: number;
}

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

/** Order of the registry listing. */
export interface SourceQuery {
  readonly orderBy?: "name" | "first_seen" | "last_seen" | "rows";
  readonly direction?: "asc" | "desc";
  readonly limit?: number;
}

/** Most groups a grouped sum returns from one shard. */
export const MAX_GROUPS = 10_000;

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_query", message);
}

function columnsOf(sql: SqlStorage, table: unknown): Set<string> {
  const columns = typeof table === "string" ? knownTables(sql).get(table) : undefined;
  if (!columns)
    throw new UserDOError(404, "unknown_table", `this master has no replicated table ${JSON.stringify(table)}`);
  return new Set(["_source", "_rowid", ...columns]);
}

function column(columns: Set<string>, name: unknown): string {
  if (typeof name !== "string" || !columns.has(name)) throw bad(`unknown column ${JSON.stringify(name)}`);
  return quoteId(name);
}

function limitOf(limit: unknown, fallback: number, max: number): number {
  const value = limit ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max)
    throw bad(`limit must be a whole number from 1 to ${max}`);
  return value;
}

function whereClause(columns: Set<string>, where: Filter | undefined): { text: string; params: RowValue[] } {
  if (where === undefined) return { text: "", params: [] };
  if (typeof where !== "object" || where === null || Array.isArray(where))
    throw bad("where must be an object of column: value");
  const entries = Object.entries(where);
  if (entries.length > 50) throw bad("where takes at most 50 columns");
  const parts = entries.map(([name, value]) => {
    if (value !== null && typeof value !== "string" && typeof value !== "number")
      throw bad(`where.${name} must be a string, number or null`);
    return value === null ? `${column(columns, name)} IS NULL` : `${column(columns, name)} = ?`;
  });
  const params = entries.map(([, value]) => value).filter((value) => value !== null);
  return { text: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}

/** Rows of `table` matching `where`. */
export function countRows(sql: SqlStorage, table: string, where?: Filter): number {
  const columns = columnsOf(sql, table);
  const w = whereClause(columns, where);
  return sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${quoteId(table)} ${w.text}`, ...w.params).one().n;
}

/** Sum of `sumOf` over matching rows (0 when none); integers stay integers. */
export function sumColumn(sql: SqlStorage, table: string, sumOf: string, where?: Filter): number {
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
export function sumGroups(
  sql: SqlStorage,
  table: string,
  sumOf: string,
  query: SumQuery & { groupBy: string },
): GroupSum[] {
  const columns = columnsOf(sql, table);
  const w = whereClause(columns, query.where);
  const group = column(columns, query.groupBy);
  const limit = limitOf(query.limit, 100, MAX_GROUPS);
  return sql
    .exec<{ key: RowValue; sum: number; count: number }>(
      `SELECT ${group} AS key, coalesce(sum(${column(columns, sumOf)}), 0) AS sum, count(*) AS count
       FROM ${quoteId(table)} ${w.text} GROUP BY ${group} ORDER BY sum DESC, key LIMIT ?`,
      ...w.params,
      limit,
    )
    .toArray();
}

/** Matching rows with their `_source`, ordered, at most `limit`. */
export function listRows(sql: SqlStorage, table: string, query: ListQuery = {}): Record<string, RowValue>[] {
  const columns = columnsOf(sql, table);
  const w = whereClause(columns, query.where);
  const order = column(columns, query.orderBy ?? "_rowid");
  const direction = query.direction === "desc" ? "DESC" : "ASC";
  const limit = limitOf(query.limit, 100, 1_000);
  return sql
    .exec(
      `SELECT * FROM ${quoteId(table)} ${w.text} ORDER BY ${order} ${direction}, _source, _rowid LIMIT ?`,
      ...w.params,
      limit,
    )
    .toArray();
}

/** The registry: every user this master has seen. */
export function listSources(sql: SqlStorage, query: SourceQuery = {}): SourceInfo[] {
  const orderBy = query.orderBy ?? "name";
  if (!["name", "first_seen", "last_seen", "rows"].includes(orderBy))
    throw bad("orderBy must be name, first_seen, last_seen or rows");
  const direction = query.direction === "desc" ? "DESC" : "ASC";
  const limit = limitOf(query.limit, 100, 1_000);
  return sql
    .exec<SourceRow>(`SELECT * FROM ${SOURCES_TABLE} ORDER BY ${orderBy} ${direction}, name LIMIT ?`, limit)
    .toArray()
    .map((r) => ({ name: r.name, firstSeen: r.first_seen, lastSeen: r.last_seen, rows: r.rows }));
}
