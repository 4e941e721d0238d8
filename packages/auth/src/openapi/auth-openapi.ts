import { authComponents } from "./auth-components.js";
import { authPaths } from "./auth-paths.js";

/**
 * The OpenAPI 3.1 description of auth's Worker endpoints, as a plain JSON
 * object, for an app to merge into its own `/openapi.json`.
 *
 * @example
 * ```ts
 * const info = { title: "my-app", version: "1.0.0" };
 * const doc = { openapi: "3.1.0", info, paths: { ...authOpenApi.paths, "/todos": {} }, components: { ...authOpenApi.components } };
 * ```
 */
export const authOpenApi = {
  openapi: "3.1.0",
  info: { title: "userdo auth", version: "0.1.0" },
  paths: authPaths,
  components: authComponents,
} as const;
