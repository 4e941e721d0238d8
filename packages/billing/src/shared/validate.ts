import { parseInput } from "@userdo/core";
import { Key, MetadataField, Source, text } from "./fields.js";

export { MAX_KEY_LENGTH, MAX_METADATA_BYTES, MAX_REASON_LENGTH, MAX_SOURCE_LENGTH } from "./fields.js";
export type { Metadata } from "./fields.js";

/** Throws a 400 (`bad_key`) unless `value` is a key of 1 to 255 visible ASCII characters ({@link Key}). */
export function assertKey(value: unknown, field = "key"): asserts value is string {
  parseInput(Key, value, { root: field });
}

/** A source (URL or label) or null; throws a 400 (`bad_source`) when it is not a short string. */
export function checkSource(value: unknown): string | null {
  return parseInput(Source, value, { root: "source" });
}

/** Metadata as stored JSON text, or null; flat objects of scalars only (`bad_metadata` otherwise). */
export function encodeMetadata(value: unknown): string | null {
  const metadata = parseInput(MetadataField, value, { root: "metadata" });
  return metadata === null ? null : JSON.stringify(metadata);
}

/** Stored metadata back to an object. */
export function decodeMetadata(textValue: string | null): import("./fields.js").Metadata | null {
  return textValue === null ? null : JSON.parse(textValue);
}

/** A non-empty string of at most `max` characters, else a 400 naming `field`. */
export function assertText(value: unknown, field: string, max: number): asserts value is string {
  parseInput(text(max), value, { root: field });
}

/** The UTC day of a millisecond time, as `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
