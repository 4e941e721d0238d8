export { constantTimeEqual, timingSafeEqualBytes } from "./constant-time.js";
export { bearerToken } from "./bearer-token.js";
export { readBodyWithLimit, BodyTooLargeError } from "./body-limit.js";
export { readJsonBody, isJsonContentType, jsonNestsDeeperThan, DEFAULT_MAX_JSON_DEPTH } from "./json-body.js";
export type { JsonBodyLimits } from "./json-body.js";
export { cors } from "./cors.js";
export type { CorsOptions, CorsPolicy } from "./cors.js";
export { assertSameOrigin } from "./same-origin.js";
