/**
 * An error that carries an HTTP status and a stable code, so a Worker can turn
 * it into a JSON answer. Its own properties survive Workers RPC, so an error
 * thrown inside a Durable Object keeps its status in the calling Worker.
 *
 * @example
 * ```ts
 * throw new UserDOError(400, "bad_input", "title must be a string");
 * ```
 */
export class UserDOError extends Error {
  override readonly name: string = "UserDOError";
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

/** A value over one of the platform's SQLite limits (parameters, statement size, value size). */
export class SqlLimitError extends UserDOError {
  override readonly name = "SqlLimitError";
  constructor(message: string) {
    super(400, "sql_limit", message);
  }
}

/** The declared migrations are malformed (duplicate or empty names, empty bodies). */
export class InvalidMigrationsError extends UserDOError {
  override readonly name = "InvalidMigrationsError";
  constructor(message: string) {
    super(500, "invalid_migrations", message);
  }
}

/** A migration failed or an applied one was edited; the database was left unchanged. */
export class MigrationError extends UserDOError {
  override readonly name = "MigrationError";
  readonly migration: string;

  constructor(migration: string, message: string, options?: ErrorOptions) {
    super(500, "migration_failed", message, options);
    this.migration = migration;
  }
}

/** Reads `status` and `code` from anything thrown, also after an RPC hop. */
export function errorStatus(error: unknown): { status: number; code: string; message: string } {
  const e = error as { status?: unknown; code?: unknown; message?: unknown } | null;
  const status = typeof e?.status === "number" && e.status >= 400 && e.status < 600 ? e.status : 500;
  const code = typeof e?.code === "string" ? e.code : "internal";
  const message = status < 500 && typeof e?.message === "string" ? e.message : "internal error";
  return { status, code, message };
}

/**
 * A JSON error answer: `{"error": "...", "code": "..."}`. Server errors never
 * expose their message or stack.
 */
export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const { status, code, message } = errorStatus(error);
  return jsonError(status, message, code, headers);
}

/** A JSON error answer with an explicit status. */
export function jsonError(status: number, message: string, code = "error", headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify({ error: message, code }), { status, headers: h });
}
