import { UserDOError } from "../errors.js";
import { readBodyWithLimit } from "./body-limit.js";

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

/**
 * Reads a JSON request body under a size limit. Only `Content-Type:
 * application/json` is accepted (415 otherwise): a browser can send `text/plain`
 * across sites without a CORS preflight, never `application/json`. A body over
 * `maxBytes` is a 413; bytes that are not UTF-8 or not JSON are a 400.
 *
 * @example
 * ```ts
 * const body = await readJsonBody(request, { maxBytes: 1024 * 1024 }); // unknown: validate its shape next
 * ```
 */
export async function readJsonBody(request: Request, options: { readonly maxBytes: number }): Promise<unknown> {
  if (!isJsonContentType(request)) {
    throw new UserDOError(415, "unsupported_media_type", "Content-Type must be application/json");
  }
  const bytes = await readBodyWithLimit(request, options.maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UserDOError(400, "bad_json", "request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UserDOError(400, "bad_json", "request body is not valid JSON");
  }
}
