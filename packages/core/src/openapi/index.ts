export { jsonSchemaOf, queryParameters, jsonRequestBody } from "./json-schema.js";
export type { JsonSchema } from "./json-schema.js";
export { openApiDocument } from "./document.js";
export type { OpenApiPart, OpenApiDocumentInput } from "./document.js";
export { ERROR_RESPONSE, errorComponents, errorAnswers } from "./error-response.js";
