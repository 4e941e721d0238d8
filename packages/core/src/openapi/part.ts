import { ConfigurationError } from "../errors.js";
import type { InputSchema } from "../schema/parse-input.js";
import type { OpenApiPart } from "./document.js";
import { ERROR_DESCRIPTION, ERROR_RESPONSE, ErrorAnswer } from "./error-response.js";
import { type Operation, operationJson } from "./operation.js";
import { type SchemaRefs, convert } from "./to-json-schema.js";

type Json = { readonly [key: string]: unknown };

/** What {@link openApiPart} builds a part from. */
export interface OpenApiPartInput {
  readonly tags?: readonly { readonly name: string; readonly description?: string }[];
  /** Named schemas: each is a component, and a `$ref` wherever an operation or another component uses it. */
  readonly schemas?: { readonly [name: string]: InputSchema };
  /** Security schemes by name (`bearerScheme`, `basicScheme`, `cookieScheme`). */
  readonly securitySchemes?: { readonly [name: string]: Json };
  readonly operations: readonly Operation[];
}

/**
 * A package's or an app's OpenAPI part, for `openApiDocument`, from its
 * operations: parameters, bodies and answers are the JSON Schema of the
 * valibot schemas the handlers parse; the named `schemas` become components
 * and `$ref`s. A schema named by {@link componentSchema} is a component too, wherever
 * it is used. Core's error answer (`ERROR_RESPONSE`) is added when an
 * operation uses it. A method documented twice, or a `{param}` of a
 * path without its `pathParams` entry, is a {@link ConfigurationError}.
 *
 * @example
 * ```ts
 * const Note = v.object({ id: v.string(), text: v.string() });
 * const part = openApiPart({
 *   schemas: { Note },
 *   securitySchemes: { bearer: bearerScheme("An API token.") },
 *   operations: [
 *     {
 *       method: "get",
 *       path: "/notes/{id}",
 *       summary: "One note",
 *       security: ["bearer"],
 *       pathParams: v.object({ id: v.pipe(v.string(), v.maxLength(64)) }),
 *       responses: { 200: jsonAnswer("The note.", Note), ...errorAnswers("401", "404") },
 *     },
 *   ],
 * });
 * ```
 */
export function openApiPart(input: OpenApiPartInput): OpenApiPart {
  const named = Object.entries(input.schemas ?? {});
  const refs: SchemaRefs = { names: new Map(named.map(([name, schema]) => [schema, name])), used: new Map() };
  const paths: Record<string, Record<string, Json>> = {};
  let errors = false;
  for (const operation of input.operations) {
    const item = paths[operation.path] ?? {};
    paths[operation.path] = item;
    if (operation.method in item)
      throw new ConfigurationError(
        "openapi_clash",
        `openApiPart: ${operation.method.toUpperCase()} ${operation.path} is documented twice`,
      );
    item[operation.method] = operationJson(operation, refs);
    errors ||= Object.values(operation.responses).includes(ERROR_RESPONSE);
  }
  const schemas: Record<string, Json> = {};
  for (const [name, schema] of named) schemas[name] = convert(schema as never, refs, true);
  // The named schemas the operations and components use, and those these use in turn.
  for (let found = [...refs.used]; found.length > 0; found = [...refs.used].filter(([name]) => !(name in schemas)))
    for (const [name, schema] of found) schemas[name] ??= convert(schema as never, refs, true);
  const components: Record<string, Json> = {};
  if (input.securitySchemes) components.securitySchemes = input.securitySchemes;
  if (errors) {
    const schema = convert(ErrorAnswer as never, undefined, true);
    components.responses = { Error: { description: ERROR_DESCRIPTION, content: { "application/json": { schema } } } };
  }
  if (Object.keys(schemas).length > 0) components.schemas = schemas;
  return { ...(input.tags ? { tags: input.tags } : {}), paths, components };
}

/**
 * Security schemes, for `openApiPart`'s `securitySchemes`.
 *
 * @example
 * ```ts
 * const schemes = { bearer: bearerScheme("An API token."), session: cookieScheme("__Host-session", "The login cookie.") };
 * ```
 */
export function bearerScheme(description: string) {
  return { type: "http", scheme: "bearer", description } as const;
}

/** HTTP basic authentication (see {@link bearerScheme}). */
export function basicScheme(description: string) {
  return { type: "http", scheme: "basic", description } as const;
}

/** A cookie that carries the credential (see {@link bearerScheme}). */
export function cookieScheme(name: string, description: string) {
  return { type: "apiKey", in: "cookie", name, description } as const;
}
