export type { ObjectNamespace } from "../shared/object-namespace.js";
export { userStub, routeToUser } from "./user-stub.js";
export { assertUserName, MAX_USER_NAME_LENGTH } from "../shared/user-name.js";
export { handlePluginRoutes } from "./plugin-routes.js";
export { exportResponse, type Exportable } from "./data-routes.js";
export type { StudioFleet } from "./fleet-routes.js";
export { UserDOError, ConfigurationError, errorResponse, jsonError } from "../errors.js";
export { jsonResponse } from "../shared/json-response.js";
export { isLocalRequest } from "../security/local-request.js";
export { escapeHtml } from "../security/escape-html.js";
export {
  memoryAttemptLimit,
  type AttemptLimit,
  type MemoryAttemptLimit,
  type MemoryAttemptLimitOptions,
} from "../security/attempt-limit.js";
export {
  studioRoute,
  outerbaseConnection,
  OUTERBASE_STUDIO_ORIGIN,
  STUDIO_MAX_BODY_BYTES,
  STUDIO_MIN_TOKEN_LENGTH,
  type StudioRouteOptions,
  type StudioNamespace,
  type StudioTarget,
  type StudioAuthorize,
  type OuterbaseConnection,
  type OuterbaseConnectionOptions,
} from "./studio-route.js";
export { studioOpenApi } from "./studio-openapi.js";
export * from "../openapi/index.js";
export { parseInput, fieldError } from "../schema/parse-input.js";
export type { InputSchema, FieldError } from "../schema/parse-input.js";
