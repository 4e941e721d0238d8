export { userStub, routeToUser, assertUserName, MAX_USER_NAME_LENGTH } from "./user-stub.js";
export { handlePluginRoutes } from "./plugin-routes.js";
export { UserDOError, errorResponse, jsonError } from "../errors.js";
