import { UserDOError } from "@userdo/core";

/**
 * One scenario's routes: `path` is the URL path after the scenario's prefix,
 * split on `/` (`/query/raw/select` gives `["raw", "select"]`). Throw a
 * `UserDOError` for bad input; the Worker answers it as JSON.
 *
 * @example
 * ```ts
 * const ping: BenchRoute = async () => Response.json({ result: 1 });
 * ```
 */
export type BenchRoute = (request: Request, env: Env, url: URL, path: readonly string[]) => Promise<Response>;

/**
 * An integer query parameter within [min, max]; `fallback` when absent.
 *
 * @example
 * ```ts
 * const n = intParam(url, "n", 0, 100_000, 0); // ?n=2000 -> 2000; ?n=x -> 400 bad_param
 * ```
 */
export function intParam(url: URL, name: string, min: number, max: number, fallback?: number): number {
  const text = url.searchParams.get(name);
  if (text === null && fallback !== undefined) return fallback;
  return intValue(text, name, min, max);
}

/**
 * An integer within [min, max] from text (a path segment or a parameter).
 *
 * @example
 * ```ts
 * const user = intValue(path[1], "user index", 0, 999); // "7" -> 7; "x" -> 400 bad_param
 * ```
 */
export function intValue(text: string | null | undefined, name: string, min: number, max: number): number {
  const value = Number(text);
  if (
    text === null ||
    text === undefined ||
    !/^-?[0-9]+$/.test(text) ||
    !Number.isSafeInteger(value) ||
    value < min ||
    value > max
  ) {
    throw new UserDOError(400, "bad_param", `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * A path segment that must be one of `allowed`.
 *
 * @example
 * ```ts
 * const op = oneOf(path[1], ["select", "insert", "update"], "op"); // else 404 not_found
 * ```
 */
export function oneOf<const T extends string>(value: string | undefined, allowed: readonly T[], what: string): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new UserDOError(404, "not_found", `${what} must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/**
 * A non-empty path segment (an object's name), at most 64 characters of [A-Za-z0-9_.-].
 *
 * @example
 * ```ts
 * const name = nameParam(path[1], "object"); // "w0"
 * ```
 */
export function nameParam(value: string | undefined, what: string): string {
  if (value === undefined || !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
    throw new UserDOError(400, "bad_name", `${what} must be 1 to 64 characters of A-Z, a-z, 0-9, _, . or -`);
  }
  return value;
}

/**
 * A JSON answer `{ "result": value }`.
 *
 * @example
 * ```ts
 * return result(await stub.run("select", n)); // {"result": 500500}
 * ```
 */
export function result(value: unknown): Response {
  return Response.json({ result: value });
}
