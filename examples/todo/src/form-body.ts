import { UserDOError, readBodyWithLimit } from "@userdo/core";

/** The largest form body the todo pages post: a title of 200 characters, a key and an action fit many times over. */
export const MAX_FORM_BYTES = 8 * 1024;

/**
 * Reads a page's form (`application/x-www-form-urlencoded`) under a size
 * limit: another content type is a 415, a body over `maxBytes` a 413 (refused
 * from its `Content-Length`, or counted while it streams), bytes that are not
 * UTF-8 a 400. Nothing is parsed before the whole body is known to be small.
 *
 * @example
 * ```ts
 * const form = await readForm(request);
 * const title = parseTitle(form.get("title"));
 * ```
 */
export async function readForm(request: Request, maxBytes: number = MAX_FORM_BYTES): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  if (type.split(";")[0]!.trim().toLowerCase() !== "application/x-www-form-urlencoded") {
    throw new UserDOError(415, "unsupported_media_type", "post the page's form");
  }
  const bytes = await readBodyWithLimit(request, maxBytes);
  try {
    return new URLSearchParams(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new UserDOError(400, "bad_form", "the form is not UTF-8 text; post the page's form");
  }
}
