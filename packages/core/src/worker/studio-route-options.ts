import type { AttemptLimit } from "../security/attempt-limit.js";
import type { StudioAccess } from "../shared/studio-protocol.js";
import type { ObjectNamespace } from "../shared/object-namespace.js";
import type { StudioFleet } from "./fleet-routes.js";

type AnyNamespace = ObjectNamespace<Rpc.DurableObjectBranded | undefined>;

/**
 * A binding the studio serves: its namespace, optionally read-only for every caller.
 *
 * @example
 * ```ts
 * const users: StudioNamespace<Env> = (env) => env.USERS;
 * const master: StudioNamespace<Env> = { namespace: (env) => env.MASTER, readOnly: true };
 * ```
 */
export type StudioNamespace<Env> =
  | ((env: Env) => AnyNamespace)
  | { readonly namespace: (env: Env) => AnyNamespace; readonly readOnly?: boolean };

/** The object a request is for: the binding's name in the URL and the object's name. */
export interface StudioTarget {
  readonly binding: string;
  readonly name: string;
}

/**
 * Decides the access of a caller whose bearer token is none of the configured
 * ones (e.g. an admin-scoped API token): its access, or null for 401.
 *
 * @example
 * ```ts
 * declare function adminScopeOf(token: string | null, env: Env): Promise<string | null>; // your token lookup
 * const authorize: StudioAuthorize<Env> = async (request, env, { name }) =>
 *   (await adminScopeOf(bearerToken(request), env)) === "studio" ? "read-write" : null;
 * ```
 */
export type StudioAuthorize<Env> = (
  request: Request,
  env: Env,
  target: StudioTarget,
) => StudioAccess | null | Promise<StudioAccess | null>;

/**
 * How {@link studioRoute} is mounted and who gets in.
 *
 * @example
 * ```ts
 * const options: StudioRouteOptions<Env> = { namespaces: { USERS: (env) => env.USERS }, token: (env) => env.STUDIO_TOKEN };
 * ```
 */
export interface StudioRouteOptions<Env> {
  /** Bindings served, by the name used in URLs: `{ USERS: (env) => env.USERS }`. */
  readonly namespaces: Readonly<Record<string, StudioNamespace<Env>>>;
  /**
   * The admin token (a secret): full access. Empty or unset matches nothing;
   * one under 32 characters turns the studio off (403 `studio_token_too_short`).
   */
  readonly token: (env: Env) => string | undefined;
  /** A second secret that gives read-only access (32 characters at least, too). */
  readonly readOnlyToken?: (env: Env) => string | undefined;
  /** Access for other bearer tokens (the hook the auth plugin uses for admin-scoped tokens). */
  readonly authorize?: StudioAuthorize<Env>;
  /** Browser origins allowed besides https://studio.outerbase.com. Never `*`. */
  readonly origins?: readonly string[];
  /** URL prefix. Default: `/sqlite`, so an object is at `/sqlite/<binding>/<name>`. */
  readonly basePath?: string;
  /**
   * Failed token attempts allowed per caller IP. Default: `memoryAttemptLimit()`,
   * 10 per minute in each isolate, then 429 until the minute ends. Pass your own
   * `AttemptLimit` for a limit shared by every isolate, or `false` only when
   * something in front of the route already limits.
   */
  readonly attemptLimit?: AttemptLimit | false;
  /**
   * Fleet migrations at `<basePath>/_fleet/<binding>` (status) and
   * `.../_fleet/<binding>/migrate` (start or resume, admin token):
   * `fleet: (env) => masterShards(env.MASTER, 1)`. Off when unset.
   */
  readonly fleet?: StudioFleet<Env>;
}
