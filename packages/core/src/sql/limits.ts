import { SqlLimitError } from "../errors.js";

/** The platform's SQLite limits for Durable Objects. */
export const SQL_LIMITS = Object.freeze({
  /** Bound parameters per statement. */
  maxParameters: 100,
  /** Bytes of SQL text per statement. */
  maxStatementBytes: 100 * 1024,
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

/** Throws a {@link SqlLimitError} naming the limit when a statement's text is too long. */
export function checkStatement(sql: string): void {
  if (utf8ExceedsLimit(sql, SQL_LIMITS.maxStatementBytes)) {
    throw new SqlLimitError(`statement is larger than the platform limit of ${SQL_LIMITS.maxStatementBytes} bytes (100 KB)`);
  }
}

/** Throws a {@link SqlLimitError} naming the limit when parameters are too many or too large. */
export function checkParameters(parameters: readonly unknown[]): void {
  if (parameters.length > SQL_LIMITS.maxParameters) {
    throw new SqlLimitError(
      `statement binds ${parameters.length} parameters; the platform limit is ${SQL_LIMITS.maxParameters}`,
    );
  }
  for (let i = 0; i < parameters.length; i++) {
    const value = parameters[i];
    if (typeof value === "string") {
      if (utf8ExceedsLimit(value, SQL_LIMITS.maxValueBytes)) throw valueTooLarge(i);
    } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      if (value.byteLength > SQL_LIMITS.maxValueBytes) throw valueTooLarge(i);
    }
  }
}

function valueTooLarge(index: number): SqlLimitError {
  return new SqlLimitError(`parameter ${index + 1} is larger than the platform limit of 2 MB per value`);
}
