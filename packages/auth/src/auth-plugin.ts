import { definePlugin } from "@userdo/core";
import type { AuthEnv } from "./worker/auth-env.js";
import type { AuthOptions } from "./worker/auth-options.js";
import { authRoutes } from "./worker/auth-routes.js";
import { authMethods } from "./object/auth-methods.js";
import { PROFILE_TABLE, authMigrations } from "./object/tables.js";

/** Profile columns that may leave the object; the sealed provider token never does. */
const REPLICATED_PROFILE_COLUMNS = Object.freeze([
  "id",
  "login",
  "name",
  "avatar_url",
  "email",
  "bio",
  "blog",
  "twitter_username",
  "created_at",
  "last_verified_at",
  "source_domain",
]);

/**
 * The auth plugin: the user's profile, sessions and API tokens in their own
 * object (tables `_userdo_auth_*`), and RPC methods that check the caller's
 * credential where the data lives. Sessions and tokens never replicate; the
 * profile does, without the provider token. Given `users`, the plugin also
 * carries the Worker routes ({@link authRoutes}) for `handlePluginRoutes`.
 *
 * @example
 * ```ts
 * export class UserObject extends withPlugins(UserDO<Env, DB>, auth(), billing()) {}
 * ```
 */
export function auth<Env extends AuthEnv = AuthEnv>(options?: AuthOptions<Env>) {
  return definePlugin({
    name: "auth",
    migrations: authMigrations,
    methods: authMethods,
    replicate: [{ table: PROFILE_TABLE, columns: REPLICATED_PROFILE_COLUMNS }],
    ...(options ? { routes: authRoutes(options) } : {}),
  });
}

/** The type of the auth plugin, for classes and stubs that carry it. */
export type AuthPlugin = ReturnType<typeof auth>;
