import { UserDOError, readBodyWithLimit, readJsonBody } from "@userdo/core";

/** Largest webhook or JSON body read (sponsorship and checkout events are a few KB). */
export const MAX_BODY_BYTES = 256 * 1024;

/** The body as text (webhook signatures are over these exact bytes), refusing more than `max` bytes with a 413. */
export async function readText(request: Request, max = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readBodyWithLimit(request, max));
}

/** Parses JSON text into a plain object, or throws a 400. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserDOError(400, "bad_json", "the body is not valid JSON");
  }
  return assertObject(value);
}

/** Reads a JSON object body (at most `max` bytes) or throws a 4xx. */
export async function readJsonObject(request: Request, max = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  return assertObject(await readJsonBody(request, { maxBytes: max }));
}

function assertObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new UserDOError(400, "bad_json", "the body must be a JSON object");
  return value as Record<string, unknown>;
}
