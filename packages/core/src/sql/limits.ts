import { SqlLimitError } from "../errors.js";

/**
 * The platform's SQLite limits for Durable Objects. Every query path (the
 * studio, `this.sync`, `this.db`, prepared queries) checks against these same
 * numbers before SQLite sees a statement, and names them in its error.
 */
export const SQL_LIMITS = Object.freeze({
  /** Bound parameters per statement. */
  maxParameters: 100,
  /** Bytes of SQL text (UTF-8) per statement: 100,000, as SQLite enforces it in a Durable Object (SQLITE_TOOBIG past it). */
  maxStatementBytes: 100_000,
  /** Bytes per string or BLOB value (and per row). */
  maxValueBytes: 2 * 1024 * 1024,
});

// A UTF-8 character takes at most 3 bytes per UTF-16 unit, so a string shorter
// than a third of a limit cannot exceed it and needs no encoding to check.
function utf8ExceedsLimit(text: string, limit: number): boolean {
  if (text.length * 3 <= limit) return false;
  if (text.length > limit) return true;
  return new TextEncoder().encode(text).byteLength > limit;
}

const count = (n: number) => n.toLocaleString("en-US");

/** Throws a {@link SqlLimitError} naming the limit when a statement's text is too long. */
export function checkStatement(sql: string): void {
  if (utf8ExceedsLimit(sql, SQL_LIMITS.maxStatementBytes)) {
    const bytes = new TextEncoder().encode(sql).byteLength;
    throw new SqlLimitError(
      `statement is ${count(bytes)} bytes; the platform limit is ${count(SQL_LIMITS.maxStatementBytes)} bytes per statement`,
    );
  }
}

/** Throws a {@link SqlLimitError} when a statement binds more parameters than the platform allows. */
export function checkParameterCount(count: number): void {
  if (count > SQL_LIMITS.maxParameters) {
    throw new SqlLimitError(`statement binds ${count} parameters; the platform limit is ${SQL_LIMITS.maxParameters}`);
  }
}

/**
 * Checks one parameter against the 2 MB value limit and returns it in a form
 * the platform binds: booleans as 0/1, typed arrays as their bytes (it binds
 * only ArrayBuffer). `index` names the parameter in the error.
 */
export function bindValue(value: unknown, index: number): unknown {
  if (typeof value === "string") {
    if (utf8ExceedsLimit(value, SQL_LIMITS.maxValueBytes)) throw valueTooLarge(index);
    return value;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "object" && value !== null) {
    if (value instanceof ArrayBuffer) {
      if (value.byteLength > SQL_LIMITS.maxValueBytes) throw valueTooLarge(index);
    } else if (ArrayBuffer.isView(value)) {
      if (value.byteLength > SQL_LIMITS.maxValueBytes) throw valueTooLarge(index);
      return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
    }
  }
  return value;
}

/** Checks the count and every value of a parameter list; the bindable values. */
export function bindParameters(parameters: readonly unknown[]): unknown[] {
  checkParameterCount(parameters.length);
  const bound = new Array<unknown>(parameters.length);
  for (let i = 0; i < parameters.length; i++) bound[i] = bindValue(parameters[i], i);
  return bound;
}

function valueTooLarge(index: number): SqlLimitError {
  return new SqlLimitError(`parameter ${index + 1} is larger than the platform limit of 2 MB per value`);
}
