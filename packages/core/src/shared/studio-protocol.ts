/**
 * The shapes of Outerbase's "Starbase" protocol (`POST <base>/query/raw`), as
 * the studio answers them. Everything here is plain JSON, so it crosses Workers
 * RPC and `JSON.stringify` unchanged.
 */

/**
 * A value in an answer: SQLite's types in JSON. A BLOB is an array of its byte
 * values (`[0, 255, 16]`), the convention Outerbase Studio's own BLOB cells and
 * D1's HTTP API use: it survives JSON, and a cell edit writes it back as `x'00ff10'`.
 */
export type StudioValue = string | number | null | number[];

/**
 * A value a client may bind to a `?` parameter: a JSON scalar (booleans bind as
 * 1 and 0), or an array of integers from 0 to 255, which binds a BLOB.
 */
export type StudioParam = string | number | boolean | null | readonly number[];

/** One statement of a request: SQL text (several statements allowed) and its parameters. */
export interface StudioStatement {
  readonly sql: string;
  readonly params?: readonly StudioParam[];
}

/**
 * A request body: one statement, or a transaction whose statements all apply
 * or none does.
 *
 * @example
 * ```ts
 * const one: StudioRequest = { sql: "SELECT * FROM todo WHERE id = ?", params: [1] };
 * const tx: StudioRequest = { transaction: [{ sql: "UPDATE todo SET done = 1 WHERE id = 1" }, { sql: "DELETE FROM todo WHERE id = 2" }] };
 * ```
 */
export type StudioRequest = StudioStatement | { readonly transaction: readonly StudioStatement[] };

/** The answer to one statement: column names, rows as arrays, and the cursor's counts. */
export interface StudioResult {
  readonly columns: string[];
  readonly rows: StudioValue[][];
  readonly meta: { readonly rows_read: number; readonly rows_written: number };
}

/** A successful answer body: one result, or an array of them for a transaction. */
export interface StudioSuccessBody {
  readonly result: StudioResult | StudioResult[];
}

/** A refused request's body, as every userdo error: `{"error": "...", "code": "..."}`. */
export interface StudioErrorBody {
  readonly error: string;
  readonly code: string;
}

/**
 * What the `studioQuery` RPC answers: an HTTP status and the JSON body to send.
 * Bad input (bad shape, SQL errors, limits, read-only refusals) is a 4xx answer,
 * never a thrown error, so nothing crosses RPC as an exception.
 *
 * @example
 * ```ts
 * // what studioRoute does with the RPC's answer
 * const answer: StudioAnswer = await stub.studioQuery({ sql: "SELECT 1 AS one" }, { access: "read-only" });
 * return Response.json(answer.body, { status: answer.status });
 * ```
 */
export type StudioAnswer =
  | { readonly status: 200; readonly body: StudioSuccessBody }
  | { readonly status: number; readonly body: StudioErrorBody };

/** What a caller may do: everything, or statements that write nothing. */
export type StudioAccess = "read-write" | "read-only";

/** Options of the `studioQuery` RPC. The access is always explicit. */
export interface StudioQueryOptions {
  readonly access: StudioAccess;
}
