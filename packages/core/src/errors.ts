import { isLocalRequest } from "./security/local-request.js";

/** Options of a {@link UserDOError}: a cause, and whether it is a mistake in the app's own setup. */
export interface UserDOErrorOptions extends ErrorOptions {
  /**
   * A mistake in the app's own code or configuration (a migration, a
   * replication config, a plugin), which only its developer can fix: its
   * message is answered to local requests (`wrangler dev`), never to others.
   */
  readonly configuration?: boolean;
}

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
  /** True for a mistake in the app's own setup ({@link ConfigurationError}); see {@link errorResponse}. */
  readonly configuration: boolean;

  constructor(status: number, code: string, message: string, options?: UserDOErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.configuration = options?.configuration ?? false;
  }
}

/**
 * A mistake in the app's own setup that only its developer can fix (a
 * replication config, a plugin that clashes, a missing option): a 500 whose
 * message `errorResponse(error, request)` answers to a local request, and
 * "internal error" to any other.
 *
 * @example
 * ```ts
 * throw new ConfigurationError("billing_config", 'metering.period must be "day" or "month"');
 * ```
 */
export class ConfigurationError extends UserDOError {
  override readonly name: string = "ConfigurationError";
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(500, code, message, { ...options, configuration: true });
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
export class InvalidMigrationsError extends ConfigurationError {
  override readonly name = "InvalidMigrationsError";
  constructor(message: string) {
    super("invalid_migrations", message);
  }
}

/** A migration failed or an applied one was edited; the database was left unchanged. */
export class MigrationError extends ConfigurationError {
  override readonly name = "MigrationError";
  readonly migration: string;

  constructor(migration: string, message: string, options?: ErrorOptions) {
    super("migration_failed", message, options);
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
 * A JSON error answer: `{"error": "...", "code": "..."}` with the error's
 * status (a {@link UserDOError}'s, also after an RPC hop), 500 for anything
 * else.
 *
 * - A 4xx answers its message: it was written for the caller.
 * - A 5xx never answers an unexpected error's message or stack: it is logged
 *   with its stack (`console.error`, which `wrangler dev` and `wrangler tail`
 *   show) and answered as "internal error".
 * - Given the request, a mistake in the app's own setup (a failed migration,
 *   a replication config: `error.configuration`) answers its real message when
 *   the request is local (localhost, 127.0.0.1, [::1]); elsewhere still
 *   "internal error". `handlePluginRoutes` and `studioRoute` pass the request.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request, env) {
 *     try {
 *       return await app(request, env);
 *     } catch (error) {
 *       return errorResponse(error, request); // or errorResponse(error) / errorResponse(error, headers)
 *     }
 *   },
 * } satisfies ExportedHandler<Env>;
 * ```
 */
export function errorResponse(error: unknown, headers?: HeadersInit): Response;
export function errorResponse(error: unknown, request: Request, headers?: HeadersInit): Response;
export function errorResponse(
  error: unknown,
  requestOrHeaders?: Request | HeadersInit,
  headers?: HeadersInit,
): Response {
  const request = requestOrHeaders instanceof Request ? requestOrHeaders : undefined;
  const extra = request ? headers : (requestOrHeaders as HeadersInit | undefined);
  const { status, code, message } = errorStatus(error);
  if (status < 500) return jsonError(status, code, message, extra);
  const where = request ? ` answering ${request.method} ${new URL(request.url).pathname}` : "";
  console.error(`userdo: ${status} ${code}${where}:`, error);
  // Local (wrangler dev): the developer's own setup mistake is said; anything else stays in the console.
  const shown = request !== undefined && isLocalRequest(request) && isConfigurationError(error);
  return jsonError(status, code, shown ? String((error as Error).message) : message, extra);
}

// Own properties survive Workers RPC, so this holds for an error from an object too.
function isConfigurationError(error: unknown): boolean {
  const e = error as { configuration?: unknown; message?: unknown } | null;
  return e?.configuration === true && typeof e.message === "string";
}

/**
 * A JSON error answer with an explicit status: `{"error": message, "code": code}`.
 * The arguments come in the order of {@link UserDOError}'s.
 *
 * @example
 * ```ts
 * return jsonError(404, "not_found", "no such note");
 * ```
 */
export function jsonError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify({ error: message, code }), { status, headers: h });
}
