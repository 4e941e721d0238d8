export type { ObjectNamespace } from "./object-namespace.js";
export { userStub, routeToUser, assertUserName, MAX_USER_NAME_LENGTH } from "./user-stub.js";
export { handlePluginRoutes } from "./plugin-routes.js";
export { UserDOError, errorResponse, jsonError } from "../errors.js";
export {
  studioRoute,
  outerbaseConnection,
  OUTERBASE_STUDIO_ORIGIN,
  STUDIO_MAX_BODY_BYTES,
  type StudioRouteOptions,
  type StudioNamespace,
  type StudioTarget,
  type StudioAuthorize,
  type OuterbaseConnection,
  type OuterbaseConnectionOptions,
} from "./studio-route.js";
