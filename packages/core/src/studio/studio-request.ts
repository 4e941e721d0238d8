import { UserDOError } from "../errors.js";
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

function badRequest(message: string): UserDOError {
  return new UserDOError(400, "bad_request", message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isByteArray(value: unknown): value is readonly number[] {
  return Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255);
}

function bindableParam(value: unknown, where: string): BindableStatement["params"][number] {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (isByteArray(value)) return new Uint8Array(value).buffer;
  throw badRequest(
    `${where} must be a string, a finite number, a boolean, null, or an array of bytes (0-255) for a BLOB`,
  );
}

function checkStatementShape(value: unknown, where: string): BindableStatement {
  if (!isRecord(value)) throw badRequest(`${where} must be an object {"sql": "...", "params": [...]}`);
  const { sql, params } = value;
  if (typeof sql !== "string" || sql.trim() === "") throw badRequest(`${where}.sql must be a non-empty string`);
  if (params !== undefined && !Array.isArray(params)) throw badRequest(`${where}.params must be an array`);
  const list = ((params ?? []) as unknown[]).map((p, i) => bindableParam(p, `${where}.params[${i}]`));
  // The platform's limits, named, before SQLite sees the statement.
  checkStatement(sql);
  bindParameters(list);
  return { sql, params: list };
}

/**
 * Checks a request body against the protocol: `{"sql", "params"?}` or
 * `{"transaction": [{"sql", "params"?}, ...]}`. Throws a 400 {@link UserDOError}
 * naming what is wrong, or a `SqlLimitError` (400) naming a platform limit.
 *
 * @example
 * ```ts
 * const checked = checkStudioRequest({ sql: "SELECT ?", params: [[1, 2]] }); // params[0] is an ArrayBuffer
 * ```
 */
export function checkStudioRequest(body: unknown): CheckedRequest {
  if (!isRecord(body)) throw badRequest('body must be a JSON object: {"sql": "..."} or {"transaction": [...]}');
  const hasSql = "sql" in body;
  const hasTransaction = "transaction" in body;
  if (hasSql === hasTransaction) throw badRequest('body must have exactly one of "sql" or "transaction"');
  if (hasSql) return { transaction: false, statements: [checkStatementShape(body, "body")] };
  const list = body.transaction;
  if (!Array.isArray(list) || list.length === 0)
    throw badRequest('"transaction" must be a non-empty array of {"sql", "params"}');
  return { transaction: true, statements: list.map((s, i) => checkStatementShape(s, `transaction[${i}]`)) };
}
