import type * as v from "valibot";
import type { InputSchema } from "../schema/parse-input.js";
import { parametersOf } from "./operation.js";
import { convert } from "./to-json-schema.js";

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * The JSON Schema of an input schema, for an OpenAPI 3.1 document: the same
 * definition {@link parseInput} checks. Field errors and checks JSON Schema
 * cannot say (a custom `v.check`) are left out; the rest is kept.
 *
 * @example
 * ```ts
 * jsonSchemaOf(v.strictObject({ title: v.pipe(v.string(), v.maxLength(200)) }));
 * // { type: "object", properties: { title: { type: "string", maxLength: 200 } }, required: ["title"], additionalProperties: false }
 * ```
 */
export function jsonSchemaOf(schema: InputSchema): JsonSchema {
  return convert(schema as unknown as Parameters<typeof convert>[0]);
}

/** The query parameters of an object schema: one per entry, required unless optional. */
export function queryParameters(schema: v.ObjectSchema<v.ObjectEntries, undefined>) {
  return parametersOf("query", schema);
}

/** A required JSON request body of an input schema. */
export function jsonRequestBody(schema: InputSchema) {
  return { required: true, content: { "application/json": { schema: jsonSchemaOf(schema) } } } as const;
}
