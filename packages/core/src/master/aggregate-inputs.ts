import * as v from "valibot";
import { fieldError, parseInput } from "../schema/parse-input.js";

// The master's read arguments, described once: each MasterDO method parses its
// arguments with these at its entry, and the public query types are theirs.
//
// Column names are only strings here: which columns exist depends on the
// table, so aggregate-queries checks each name against it after parsing
// (a 400 `bad_query`, "unknown column").

/** Most rows a list returns. */
export const MAX_LIST_ROWS = 1_000;

/** Most groups a grouped sum returns from one shard. */
export const MAX_GROUPS = 10_000;

/** Most columns one filter names. */
export const MAX_FILTER_COLUMNS = 50;

const bad = <T>(message: string) => fieldError<T>("bad_query", message);

const ColumnName = v.pipe(v.string(), bad("must be a column name"));

const Direction = v.optional(v.pipe(v.picklist(["asc", "desc"]), bad("must be asc or desc")), "asc");

const limit = (fallback: number, max: number) =>
  v.optional(
    v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(max), bad(`must be a whole number from 1 to ${max}`)),
    fallback,
  );

const FilterValue = v.pipe(v.nullable(v.union([v.string(), v.number()])), bad("must be a string, number or null"));

/** Equality on columns, `_source` included: `{ _source: "octocat", done: 0 }` (null matches NULL). */
export const FilterSchema = v.pipe(
  v.record(v.string(), FilterValue),
  // valibot's records take an array as an object of its indexes.
  v.check((where) => !Array.isArray(where)),
  bad("must be an object of column: value"),
  v.maxEntries(MAX_FILTER_COLUMNS),
  bad(`takes at most ${MAX_FILTER_COLUMNS} columns`),
);

/** Equality filters: `{ _source: "octocat", done: 0 }`. */
export type Filter = Readonly<v.InferInput<typeof FilterSchema>>;

/** `list`'s query: a filter, the column to order by (default `_rowid`), asc or desc, 1 to 1,000 rows (default 100). */
export const ListQuerySchema = v.object({
  where: v.optional(FilterSchema),
  orderBy: v.optional(ColumnName, "_rowid"),
  direction: Direction,
  limit: limit(100, MAX_LIST_ROWS),
});

/** A page of rows across users, ordered by one column; `limit` defaults to 100, at most 1,000. */
export type ListQuery = Readonly<v.InferInput<typeof ListQuerySchema>>;

/** `sumBy`'s query: a filter, the column to group by, 1 to 10,000 groups (default 100). */
export const SumQuerySchema = v.object({
  where: v.optional(FilterSchema),
  groupBy: v.optional(ColumnName),
  limit: limit(100, MAX_GROUPS),
});

/** Sums, optionally per value of `groupBy` (biggest first); `limit`: groups to return, default 100, at most 10,000. */
export type SumQuery = Readonly<v.InferInput<typeof SumQuerySchema>>;

const GroupedSumQuerySchema = v.object({ ...SumQuerySchema.entries, groupBy: ColumnName });

const SOURCE_ORDERS = ["name", "first_seen", "last_seen", "rows"] as const;

/** `sources`' query: the registry's order (default name), asc or desc, 1 to 1,000 users (default 100). */
export const SourceQuerySchema = v.object({
  orderBy: v.optional(v.pipe(v.picklist(SOURCE_ORDERS), bad("must be name, first_seen, last_seen or rows")), "name"),
  direction: Direction,
  limit: limit(100, MAX_LIST_ROWS),
});

/** Order of the registry listing. */
export type SourceQuery = Readonly<v.InferInput<typeof SourceQuerySchema>>;

/** Arguments as parsed: defaults filled in, unknown fields left out. */
export type CheckedFilter = v.InferOutput<typeof FilterSchema>;
export type CheckedListQuery = v.InferOutput<typeof ListQuerySchema>;
export type CheckedGroupedSumQuery = v.InferOutput<typeof GroupedSumQuerySchema>;
export type CheckedSourceQuery = v.InferOutput<typeof SourceQuerySchema>;

/** A filter, checked ({@link FilterSchema}); a 400 `bad_query` names what is wrong. */
export function readFilter(where: unknown): CheckedFilter | undefined {
  return parseInput(v.optional(FilterSchema), where, { code: "bad_query", root: "where" });
}

/** A list query, checked, its defaults filled in. */
export function readListQuery(query: unknown): CheckedListQuery {
  return parseInput(ListQuerySchema, query ?? {}, { code: "bad_query", name: "the list query" });
}

/** A grouped sum's query (`groupBy` required), checked, its defaults filled in. */
export function readGroupedSumQuery(query: unknown): CheckedGroupedSumQuery {
  return parseInput(GroupedSumQuerySchema, query, { code: "bad_query", name: "the sum query" });
}

/** A registry query, checked, its defaults filled in. */
export function readSourceQuery(query: unknown): CheckedSourceQuery {
  return parseInput(SourceQuerySchema, query ?? {}, { code: "bad_query", name: "the sources query" });
}
