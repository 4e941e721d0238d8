// Malformed request bodies: hostile JSON and forms, invalid UTF-8, wrong content types, over the limits.
import fc from "fast-check";
import { queryValue } from "./request-parts.js";
import type { FuzzEndpoint } from "./requests.js";
import { deepJsonText, jsonObjectText, jsonValueText } from "./values.js";

const encoder = new TextEncoder();

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/jsonx",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "",
];

/** Bytes that are not UTF-8, alone or inside JSON and forms. */
const INVALID_UTF8: readonly number[][] = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function withInvalidUtf8(text: string, bad: number[]): Uint8Array {
  const mid = Math.floor(text.length / 2);
  const before = encoder.encode(text.slice(0, mid));
  const after = encoder.encode(text.slice(mid));
  const out = new Uint8Array(before.length + bad.length + after.length);
  out.set(before, 0);
  out.set(bad, before.length);
  out.set(after, before.length + bad.length);
  return out;
}

/** A form body with the route's fields set to hostile text. */
function formText(fields: readonly string[]): fc.Arbitrary<string> {
  const name = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant("a");
  return fc
    .array(fc.tuple(name, queryValue), { maxLength: fields.length + 1 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
}

export function bodyOf(endpoint: FuzzEndpoint): fc.Arbitrary<{ type: string | null; body: Uint8Array | null }> {
  const fields = endpoint.fields ?? [];
  const form = endpoint.body === "form";
  const ownType = form ? "application/x-www-form-urlencoded" : "application/json";
  const text = fc.oneof(
    { weight: 6, arbitrary: form ? formText(fields) : jsonObjectText(fields, endpoint.values) },
    { weight: 2, arbitrary: jsonValueText },
    { weight: 1, arbitrary: deepJsonText },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "}", '{"a":', "{}{}", "\ufeff{}", "[", "nul", '{"a":1,}') },
  );
  const bytes = fc.oneof(
    { weight: 10, arbitrary: text.map((t) => encoder.encode(t)) },
    {
      weight: 2,
      arbitrary: fc.tuple(text, fc.constantFrom(...INVALID_UTF8)).map(([t, bad]) => withInvalidUtf8(t, bad)),
    },
    // Over every route's limit (the largest is the studio's 1 MB).
    { weight: 1, arbitrary: fc.constant(null).map(() => encoder.encode(`"${"x".repeat(1024 * 1024 + 16)}"`)) },
  );
  const type = fc.oneof(
    { weight: 8, arbitrary: fc.constant(ownType) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ type, body: bytes }) },
    { weight: 1, arbitrary: fc.record({ type, body: fc.constant(null) }) },
  );
}
