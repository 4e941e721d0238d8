import { errorAnswers, errorComponents } from "../openapi/error-response.js";
import { jsonRequestBody } from "../openapi/json-schema.js";
import type { OpenApiPart } from "../openapi/document.js";
import { StudioQuery } from "../shared/studio-query.js";
import { DEFAULT_STUDIO_BASE_PATH } from "./outerbase-connection.js";

/**
 * The OpenAPI part of {@link studioRoute}'s endpoint, for `openApiDocument`:
 * its request body is the {@link StudioQuery} schema the route checks.
 * `bindings` are the names in its `namespaces`; `readOnly`, the ones served read-only.
 *
 * @example
 * ```ts
 * openApiDocument({ info: { title: "my app", version: "1" }, studio: studioOpenApi({ bindings: ["USERS", "MASTER"], readOnly: ["MASTER"] }) });
 * ```
 */
export function studioOpenApi(options: {
  readonly bindings: readonly string[];
  readonly readOnly?: readonly string[];
  readonly basePath?: string;
}): OpenApiPart {
  const basePath = (options.basePath ?? DEFAULT_STUDIO_BASE_PATH).replace(/\/+$/, "");
  const readOnly = options.readOnly?.length ? ` (${options.readOnly.join(", ")}: read-only)` : "";
  return {
    tags: [{ name: "studio", description: "Outerbase Studio's SQL endpoint (StarbaseDB protocol)." }],
    paths: {
      [`${basePath}/{binding}/{name}/query/raw`]: {
        post: {
          tags: ["studio"],
          summary: "Run SQL in one object (Outerbase Studio, StarbaseDB protocol)",
          description: `binding is the object's namespace${readOnly}; name is the object's name. Bearer token; JSON bodies of at most 1 MB.`,
          security: [{ studio: [] }],
          parameters: [
            { name: "binding", in: "path", required: true, schema: { enum: options.bindings } },
            { name: "name", in: "path", required: true, schema: { type: "string", maxLength: 256 } },
          ],
          requestBody: jsonRequestBody(StudioQuery),
          responses: {
            "200": {
              description: "{ result: { columns, rows, meta } }, an array of them for a transaction.",
              content: { "application/json": { schema: { type: ["object", "array"] } } },
            },
            ...errorAnswers("400", "401", "403", "413", "415"),
          },
        },
      },
    },
    components: {
      securitySchemes: { studio: { type: "http", scheme: "bearer", description: "The studio's token (a secret)." } },
      ...errorComponents,
    },
  };
}
