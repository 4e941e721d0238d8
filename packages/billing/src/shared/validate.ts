import { UserDOError } from "@userdo/core";

/** Longest idempotency key, hold key or external id accepted. */
export const MAX_KEY_LENGTH = 255;
/** Longest source (URL or label) stored with a charge. */
export const MAX_SOURCE_LENGTH = 2048;
/** Longest reason an admin adjustment keeps. */
export const MAX_REASON_LENGTH = 500;
/** Largest metadata, as JSON text. */
export const MAX_METADATA_BYTES = 4096;

// Visible ASCII only: keys travel in headers and logs, where control
// characters and look-alike Unicode would make two keys seem one.
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** A plain JSON object attached to a charge, credit or hold. */
export type Metadata = { readonly [key: string]: string | number | boolean | null };

/** Throws a 400 unless `value` is a key of 1 to 255 visible ASCII characters. */
export function assertKey(value: unknown, field = "idempotencyKey"): asserts value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(value)) {
    throw new UserDOError(400, "bad_key", `${field} must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters`);
  }
}

/** A source (URL or label) or null; throws a 400 when it is not a short string. */
export function checkSource(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > MAX_SOURCE_LENGTH) {
    throw new UserDOError(400, "bad_source", `source must be a string of at most ${MAX_SOURCE_LENGTH} characters`);
  }
  return value;
}

/** Metadata as stored JSON text, or null; flat objects of scalars only. */
export function encodeMetadata(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UserDOError(400, "bad_metadata", "metadata must be an object of strings, numbers, booleans or null");
  }
  for (const v of Object.values(value)) {
    const ok =
      v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
    if (!ok)
      throw new UserDOError(400, "bad_metadata", "metadata values must be strings, finite numbers, booleans or null");
  }
  const text = JSON.stringify(value);
  if (new TextEncoder().encode(text).byteLength > MAX_METADATA_BYTES) {
    throw new UserDOError(400, "bad_metadata", `metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`);
  }
  return text;
}

/** Stored metadata back to an object. */
export function decodeMetadata(text: string | null): Metadata | null {
  return text === null ? null : (JSON.parse(text) as Metadata);
}

/** A non-empty string of at most `max` characters, else a 400 naming `field`. */
export function assertText(value: unknown, field: string, max: number): asserts value is string {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > max) {
    throw new UserDOError(400, "bad_input", `${field} must be a non-empty string of at most ${max} characters`);
  }
}

/** The UTC day of a millisecond time, as `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Throws a 400 unless an RPC input is an object (a null or a string never reaches the ledger). */
export function assertInput(value: unknown, what: string): asserts value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UserDOError(400, "bad_input", `${what} must be an object`);
  }
}
