import * as v from "valibot";
import type { InputSchema } from "../schema/parse-input.js";

/**
 * A schema with a name: wherever an `openApiPart` uses it, it is a `$ref` to
 * `#/components/schemas/<name>`, and the part defines it. For answers: parsing
 * ignores the name, but a field error declared at the root of `schema` is not
 * found through it (name an input with `openApiPart`'s `schemas` instead).
 *
 * @example
 * ```ts
 * const Note = componentSchema("Note", v.object({ id: v.string(), text: v.string() }));
 * ```
 */
export function componentSchema<const S extends InputSchema>(name: string, schema: S) {
  return v.pipe(schema, v.metadata({ component: name }));
}
