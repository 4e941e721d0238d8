import type * as v from "valibot";
import { parseInput } from "../schema/parse-input.js";
import { OneForm, Statement, Transaction } from "../shared/studio-query.js";
import { bindParameters, checkStatement } from "../sql/limits.js";

/** A statement checked and ready to bind: BLOB parameters are ArrayBuffers. */
export interface BindableStatement {
  readonly sql: string;
  readonly params: readonly (string | number | boolean | null | ArrayBuffer)[];
}

/** A request checked against the protocol's shapes and the platform's limits. */
export interface CheckedRequest {
  /** True for `{"transaction": [...]}`: the answer is an array. */
  readonly transaction: boolean;
  readonly statements: readonly BindableStatement[];
}

function bindable({ sql, params = [] }: v.InferOutput<typeof Statement>): BindableStatement {
  const list = params.map((p) => (Array.isArray(p) ? new Uint8Array(p).buffer : p));
  // The platform's limits, named, before SQLite sees the statement.
  checkStatement(sql);
  bindParameters(list);
  return { sql, params: list };
}

/**
 * Checks a request body against the protocol ({@link StudioQuery}):
 * `{"sql", "params"?}` or `{"transaction": [{"sql", "params"?}, ...]}`. Throws
 * a 400 {@link UserDOError} naming what is wrong, or a `SqlLimitError` (400)
 * naming a platform limit.
 *
 * @example
 * ```ts
 * const checked = checkStudioRequest({ sql: "SELECT ?", params: [[1, 2]] }); // params[0] is an ArrayBuffer
 * ```
 */
export function checkStudioRequest(body: unknown): CheckedRequest {
  const options = { code: "bad_request", root: "body" };
  if ("sql" in parseInput(OneForm, body, options)) {
    return { transaction: false, statements: [bindable(parseInput(Statement, body, options))] };
  }
  const { transaction } = parseInput(Transaction, body, { code: "bad_request" });
  return { transaction: true, statements: transaction.map(bindable) };
}
