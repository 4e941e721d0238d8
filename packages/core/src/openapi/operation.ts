import * as v from "valibot";
import { ConfigurationError } from "../errors.js";
import type { InputSchema } from "../schema/parse-input.js";
import type { ERROR_RESPONSE } from "./error-response.js";
import { type SchemaRefs, convert } from "./to-json-schema.js";

type Json = Record<string, unknown>;

/** An object schema whose entries are parameters or headers, one per entry, required unless optional. */
export type FieldsSchema = InputSchema & { readonly entries: v.ObjectEntries };

/** A body of a media type other than JSON; its schema, when it says more than "a string". */
export interface MediaBody {
  readonly type: string;
  readonly schema?: InputSchema;
}

/** One documented answer: its prose, and its body and headers as schemas. */
export interface Answer {
  readonly description: string;
  readonly body?: MediaBody;
  readonly headers?: FieldsSchema;
}

/** The HTTP methods an OpenAPI path item documents. */
export type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options";

/**
 * One endpoint, for `openApiPart`: prose as strings, structure as the schemas
 * its handler parses (`pathParams`, `query`, `headers`, `body`) and answers.
 *
 * @example
 * ```ts
 * const NoteBody = v.object({ text: v.pipe(v.string(), v.maxLength(1000)) });
 * const Note = v.object({ id: v.string(), text: v.string() });
 * const addNote: Operation = {
 *   method: "post",
 *   path: "/notes",
 *   summary: "Add a note",
 *   security: ["session", "bearer"],
 *   body: NoteBody,
 *   responses: { 201: jsonAnswer("The note.", Note), ...errorAnswers("400", "401") },
 * };
 * ```
 */
export interface Operation {
  readonly method: HttpMethod;
  /** The OpenAPI path: `{name}` for each entry of `pathParams`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** Alternatives: a security scheme's name each, `{}` for "no credential". */
  readonly security?: readonly (string | Readonly<Record<string, never>>)[];
  readonly pathParams?: FieldsSchema;
  readonly query?: FieldsSchema;
  readonly headers?: FieldsSchema;
  /** The (required) request body: a JSON body's schema, or a body of another media type. */
  readonly body?: InputSchema | MediaBody;
  readonly responses: { readonly [status: number | string]: Answer | typeof ERROR_RESPONSE };
}

/**
 * A JSON answer of a schema (a named one of the part becomes a `$ref`).
 *
 * @example
 * ```ts
 * const answer = jsonAnswer("Whether it was revoked.", v.object({ revoked: v.boolean() }));
 * ```
 */
export function jsonAnswer(description: string, schema: InputSchema, headers?: FieldsSchema): Answer {
  return { description, body: { type: "application/json", schema }, ...(headers ? { headers } : {}) };
}

/**
 * An HTML page.
 *
 * @example
 * ```ts
 * const page = htmlAnswer("The dashboard.");
 * ```
 */
export function htmlAnswer(description: string): Answer {
  return { description, body: { type: "text/html" } };
}

/**
 * A redirect: no body, a `Location` header.
 *
 * @example
 * ```ts
 * const signedIn = redirectAnswer("Signed in; sets the session cookie.");
 * ```
 */
export function redirectAnswer(description = "Redirect (Location header)."): Answer {
  return { description, headers: LOCATION };
}

const LOCATION = v.object({ location: v.string() });

/** The parameters of one place (`path`, `query`, `header`): one per entry, the description on the parameter. */
export function parametersOf(where: "path" | "query" | "header", fields: FieldsSchema, refs?: SchemaRefs) {
  const json = convert(fields as never, refs, true) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...schema } = property as { description?: string };
    return {
      name,
      in: where,
      required: where === "path" || (json.required?.includes(name) ?? false),
      ...(description === undefined ? {} : { description }),
      schema,
    };
  });
}

function content(body: MediaBody, refs: SchemaRefs): Json {
  return { [body.type]: { schema: body.schema ? convert(body.schema as never, refs) : { type: "string" } } };
}

function answerJson(answer: Answer | typeof ERROR_RESPONSE, refs: SchemaRefs): Json {
  if (!("description" in answer)) return answer;
  const headers = answer.headers && parametersOf("header", answer.headers, refs);
  return {
    description: answer.description,
    ...(answer.body ? { content: content(answer.body, refs) } : {}),
    ...(headers
      ? {
          headers: Object.fromEntries(
            headers.map(({ name, description, schema }) => [
              name,
              { schema, ...(description === undefined ? {} : { description }) },
            ]),
          ),
        }
      : {}),
  };
}

/** The path item entry of one operation, its schemas converted with the part's named schemas. */
export function operationJson(operation: Operation, refs: SchemaRefs): Json {
  const named = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const declared = Object.keys(operation.pathParams?.entries ?? {});
  if (named.join() !== declared.join())
    throw new ConfigurationError(
      "openapi_path_params",
      `openApiPart: ${operation.path} names {${named.join("}, {")}} but pathParams has ${declared.join(", ") || "none"}`,
    );
  const parameters = [
    ...(operation.pathParams ? parametersOf("path", operation.pathParams, refs) : []),
    ...(operation.query ? parametersOf("query", operation.query, refs) : []),
    ...(operation.headers ? parametersOf("header", operation.headers, refs) : []),
  ];
  const body = operation.body;
  return {
    ...(operation.tags ? { tags: operation.tags } : {}),
    summary: operation.summary,
    ...(operation.description === undefined ? {} : { description: operation.description }),
    ...(operation.security
      ? { security: operation.security.map((scheme) => (typeof scheme === "string" ? { [scheme]: [] } : scheme)) }
      : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: content("kind" in body ? { type: "application/json", schema: body } : body, refs),
          },
        }),
    responses: Object.fromEntries(
      Object.entries(operation.responses).map(([status, answer]) => [status, answerJson(answer, refs)]),
    ),
  };
}
