import { fieldError } from "@userdo/core";
import * as v from "valibot";

export { amount } from "./money.js";

// The fields billing's inputs are made of, described once: the ledger checks RPC inputs
// with them, the Worker checks bodies and queries, billingOpenApi documents them.

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
const SOURCE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** A plain JSON object attached to a charge, credit or hold. */
export type Metadata = { readonly [key: string]: string | number | boolean | null };

/** A key of 1 to 255 visible ASCII characters (idempotency key, hold key, external id); else `bad_key`. */
export const Key = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(MAX_KEY_LENGTH),
  v.regex(KEY_PATTERN),
  fieldError("bad_key", `must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters`),
);

/** A non-empty string of at most `max` characters; else `bad_input`. */
export function text(max: number, description?: string) {
  return v.pipe(
    v.string(),
    v.minLength(1),
    v.check((value) => value.trim() !== ""),
    v.maxLength(max),
    v.description(description ?? `At most ${max} characters.`),
    fieldError("bad_input", `must be a non-empty string of at most ${max} characters`),
  );
}

/** `schema`, or null when null or absent (one optional and one nullable wrapper: valibot's nullish would be a third kind in every bundle). */
export function orNull<const S extends v.GenericSchema>(schema: S) {
  return v.optional(v.nullable(schema), null);
}

/** A source (URL or label) of a charge or hold, or null; else `bad_source`. */
export const Source = orNull(
  v.pipe(
    v.string(),
    v.maxLength(MAX_SOURCE_LENGTH),
    fieldError("bad_source", `must be a string of at most ${MAX_SOURCE_LENGTH} characters`),
  ),
);

/** A funding source's name (`github`, `stripe`); else `bad_source`. */
export const SourceName = v.pipe(
  v.string(),
  v.regex(SOURCE_NAME_PATTERN),
  fieldError("bad_source", "must be a lowercase name of 1 to 32 characters"),
);

const isScalar = (value: unknown) =>
  value === null || typeof value === "string" || typeof value === "boolean" || Number.isFinite(value);

/** Flat metadata of scalars, at most 4 KB of JSON, or null; else `bad_metadata`. */
export const MetadataField = orNull(
  v.pipe(
    v.custom<Metadata>(
      (value) =>
        typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every(isScalar),
    ),
    v.check((value) => new TextEncoder().encode(JSON.stringify(value)).byteLength <= MAX_METADATA_BYTES),
    fieldError(
      "bad_metadata",
      `must be an object of strings, finite numbers, booleans or null, at most ${MAX_METADATA_BYTES} bytes of JSON`,
    ),
  ),
);
