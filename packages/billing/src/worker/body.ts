import { UserDOError } from "@userdo/core";

/** Largest webhook or JSON body read (sponsorship and checkout events are a few KB). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The body as text, refusing more than `max` bytes with a 413 before reading
 * it all: a declared length is checked first, then the bytes as they stream.
 */
export async function readText(request: Request, max = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new UserDOError(413, "body_too_large", `the body is over ${max} bytes`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Parses JSON text into a plain object, or throws a 400. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserDOError(400, "bad_json", "the body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UserDOError(400, "bad_json", "the body must be a JSON object");
  return value as Record<string, unknown>;
}

/** Reads a JSON object body (at most `max` bytes) or throws a 4xx. */
export async function readJsonObject(request: Request, max = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new UserDOError(415, "unsupported_media_type", "send the body as application/json");
  return parseJsonObject(await readText(request, max));
}
