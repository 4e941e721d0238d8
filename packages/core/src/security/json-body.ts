import { UserDOError } from "../errors.js";
import { readBodyWithLimit } from "./body-limit.js";

/** How deep a JSON body may nest by default: far beyond any real request, far below what breaks RPC. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** Limits of {@link readJsonBody}. */
export interface JsonBodyLimits {
  /** Largest body read, in bytes; larger is a 413. */
  readonly maxBytes: number;
  /** Deepest nesting of arrays and objects; deeper is a 400. Default: {@link DEFAULT_MAX_JSON_DEPTH} (64). */
  readonly maxDepth?: number;
}

/**
 * True when the request declares a JSON body (`application/json`, any parameters).
 *
 * @example
 * ```ts
 * isJsonContentType(new Request(url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" } })); // true
 * ```
 */
export function isJsonContentType(request: Request): boolean {
  const type = request.headers.get("content-type");
  return type !== null && type.split(";")[0]!.trim().toLowerCase() === "application/json";
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * True when JSON text nests arrays and objects deeper than `maxDepth`. It
 * scans the text before it is parsed: a deep value parses fine, then breaks
 * whatever walks it next (Workers RPC fails at a few thousand levels; a
 * recursive validator overflows the stack), as a 500 instead of a 400. One
 * pass, linear whatever the text (no regular expression to backtrack);
 * brackets inside strings are text.
 *
 * @example
 * ```ts
 * jsonNestsDeeperThan("[[1]]", 1); // true
 * jsonNestsDeeperThan('["[[["]', 1); // false: brackets in strings are text
 * ```
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string: to the next quote not escaped by a backslash.
      i++;
      while (i < text.length) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i += 2;
        else if (s === QUOTE) break;
        else i++;
      }
    } else if (OPENERS.has(c)) {
      if (++depth > maxDepth) return true;
    } else if (CLOSERS.has(c)) {
      depth--;
    }
    i++;
  }
  return false;
}

/**
 * Reads a JSON request body under a size and a nesting limit. Only
 * `Content-Type: application/json` is accepted (415 otherwise): a browser can
 * send `text/plain` across sites without a CORS preflight, never
 * `application/json`. A body over `maxBytes` is a 413; bytes that are not
 * UTF-8, not JSON, or nested deeper than `maxDepth` (default 64) are a 400
 * `bad_json`.
 *
 * @example
 * ```ts
 * const body = await readJsonBody(request, { maxBytes: 1024 * 1024 }); // unknown: validate its shape next
 * ```
 */
export async function readJsonBody(request: Request, limits: JsonBodyLimits): Promise<unknown> {
  if (!isJsonContentType(request)) {
    throw new UserDOError(415, "unsupported_media_type", "Content-Type must be application/json");
  }
  const bytes = await readBodyWithLimit(request, limits.maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UserDOError(400, "bad_json", "request body is not valid UTF-8");
  }
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (jsonNestsDeeperThan(text, maxDepth)) {
    throw new UserDOError(400, "bad_json", `request body is nested more than ${maxDepth} levels deep`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UserDOError(400, "bad_json", "request body is not valid JSON");
  }
}
