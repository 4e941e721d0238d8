import { type ObjectNamespace, type PluginMethods, UserDOError, userStub } from "@userdo/core";
import type { ProviderName } from "../credential/user-id.js";
import type { GitHubTokenExchange } from "../github/github-token-check.js";
import type { AuthPlugin } from "../auth-plugin.js";
import type { ProfileInput } from "../shared/profile.js";
import { type AuthConfig, type AuthEnv, readAuthConfig } from "./auth-env.js";
import { assertOrigins } from "./safe-redirect.js";

/** Any Durable Object class with the auth plugin attached, as its stub sees it. */
export type AuthObject = Rpc.DurableObjectBranded & PluginMethods<[AuthPlugin]>;

/**
 * How auth is mounted in a Worker. Only `users` is required.
 *
 * @example
 * ```ts
 * const options: AuthOptions<Env> = { users: (env) => env.USERS, allowedRedirectOrigins: ["https://docs.example.com"] };
 * ```
 */
export interface AuthOptions<Env> {
  /** The namespace of the user object class that carries `auth()`. */
  readonly users: (env: Env) => ObjectNamespace<AuthObject>;
  /** Origins besides this one that `redirect_uri` may point to (bare origins). */
  readonly allowedRedirectOrigins?: readonly string[] | undefined;
  /** Session lifetime; default 30 days. */
  readonly sessionTtlSeconds?: number | undefined;
  /** GitHub scopes always asked for; default `read:user user:email`. */
  readonly githubScopes?: readonly string[] | undefined;
  /**
   * X scopes always asked for; default `users.read tweet.read` (what X's
   * users/me needs). Add `users.email` to store the confirmed email, once the
   * X app has email access enabled.
   */
  readonly xScopes?: readonly string[] | undefined;
  /** Keep the provider's access token, sealed with `AUTH_SECRET`; default false (kept only if needed). */
  readonly keepProviderToken?: boolean | undefined;
  /** Which GitHub tokens `POST /oauth/token` exchanges; default `"app-or-pat"` (see {@link GitHubTokenExchange}). */
  readonly githubTokenExchange?: GitHubTokenExchange | undefined;
  /** The profile dev login (`SKIP_LOGIN=true`, localhost only) signs in as. */
  readonly devProfile?: Partial<ProfileInput> | undefined;
}

/** The settings a route handler reads: options with defaults applied and checked once. */
export interface AuthSettings {
  readonly allowedRedirectOrigins: readonly string[];
  readonly sessionTtlSeconds: number;
  /** The scopes each provider is always asked for. */
  readonly scopes: Readonly<Record<ProviderName, readonly string[]>>;
  readonly keepProviderToken: boolean;
  readonly githubTokenExchange: GitHubTokenExchange;
  readonly devProfile: ProfileInput;
}

export const DEFAULT_SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;
const DEFAULT_GITHUB_SCOPES = Object.freeze(["read:user", "user:email"]);
const DEFAULT_X_SCOPES = Object.freeze(["users.read", "tweet.read"]);

/** The profile dev login uses unless `devProfile` says otherwise. */
export const DEV_PROFILE: ProfileInput = Object.freeze({
  id: "1",
  login: "dev",
  name: "Dev User",
  avatarUrl: null,
  email: "dev@localhost",
  bio: null,
  blog: null,
  twitterUsername: null,
  createdAt: null,
  sourceDomain: "localhost",
});

function tokenExchange(policy: unknown): GitHubTokenExchange {
  if (policy === undefined) return "app-or-pat";
  if (policy === "app-or-pat" || policy === "any" || policy === "off") return policy;
  throw new UserDOError(500, "auth_misconfigured", 'githubTokenExchange must be "app-or-pat", "any" or "off"');
}

/** Applies defaults and checks options; throws on a bad allow-list, lifetime or exchange policy. */
export function resolveAuthSettings<Env>(options: AuthOptions<Env>): AuthSettings {
  if (typeof options?.users !== "function")
    throw new UserDOError(500, "auth_misconfigured", "auth options need users: (env) => env.USERS");
  const ttl = options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 400 * 24 * 60 * 60) {
    throw new UserDOError(500, "auth_misconfigured", "sessionTtlSeconds must be an integer from 60 to 400 days");
  }
  return Object.freeze({
    allowedRedirectOrigins: assertOrigins(options.allowedRedirectOrigins ?? []),
    sessionTtlSeconds: ttl,
    scopes: Object.freeze({
      github: Object.freeze([...(options.githubScopes ?? DEFAULT_GITHUB_SCOPES)]),
      x: Object.freeze([...(options.xScopes ?? DEFAULT_X_SCOPES)]),
    }),
    keepProviderToken: options.keepProviderToken ?? false,
    githubTokenExchange: tokenExchange(options.githubTokenExchange),
    devProfile: Object.freeze({ ...DEV_PROFILE, ...options.devProfile }),
  });
}

/** Everything a route handler needs for one request. */
export interface AuthRequest {
  readonly request: Request;
  readonly url: URL;
  readonly config: AuthConfig;
  readonly options: AuthSettings;
  /** The stub of a user's object. */
  user(id: string): DurableObjectStub<AuthObject>;
}

/** Builds the per-request context; reads and checks the env once. */
export function authRequest<Env extends AuthEnv>(
  request: Request,
  env: Env,
  users: (env: Env) => ObjectNamespace<AuthObject>,
  options: AuthSettings,
): AuthRequest {
  return {
    request,
    url: new URL(request.url),
    config: readAuthConfig(env),
    options,
    user: (id) => userStub(users(env), id),
  };
}
