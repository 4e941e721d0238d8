import { UserDOError } from "../errors.js";

/**
 * A request body over the size a route accepts (HTTP 413).
 *
 * @example
 * ```ts
 * await readBodyWithLimit(request, 1024).catch((e) => e instanceof BodyTooLargeError); // true for 1,025 bytes
 * ```
 */
export class BodyTooLargeError extends UserDOError {
  override readonly name = "BodyTooLargeError";
  constructor(maxBytes: number) {
    super(413, "body_too_large", `request body is larger than ${maxBytes} bytes`);
  }
}

/**
 * Reads a request body, refusing it with a {@link BodyTooLargeError} (413) as
 * soon as it passes `maxBytes`. A declared `Content-Length` over the limit is
 * refused before anything is read; a body sent without one (chunked) is
 * counted while it streams, so an endless body never fills memory.
 *
 * @example
 * ```ts
 * const bytes = await readBodyWithLimit(request, 1024 * 1024); // 1 MB
 * ```
 */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
