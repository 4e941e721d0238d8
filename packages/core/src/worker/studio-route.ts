import { ConfigurationError, UserDOError, errorResponse } from "../errors.js";
import { jsonResponse } from "../shared/json-response.js";
import type { WorkerRoute } from "../shared/worker-route.js";
import { memoryAttemptLimit } from "../security/attempt-limit.js";
import { cors } from "../security/cors.js";
import { readJsonBody } from "../security/json-body.js";
import { DEFAULT_STUDIO_BASE_PATH } from "./outerbase-connection.js";
import type { StudioAnswer, StudioQueryOptions } from "../shared/studio-protocol.js";
import { callerKey, studioAccess, weakStudioToken } from "./studio-access.js";
import type { StudioRouteOptions } from "./studio-route-options.js";
import { assertUserName } from "../shared/user-name.js";
import type { ObjectNamespace } from "../shared/object-namespace.js";
import { DATA_METHODS, type DataAction, answerData } from "./data-routes.js";
import { FLEET_SEGMENT, answerFleet } from "./fleet-routes.js";
import type { StudioAccess } from "../shared/studio-protocol.js";

export { STUDIO_MIN_TOKEN_LENGTH } from "./studio-access.js";
export type { StudioAuthorize, StudioNamespace, StudioRouteOptions, StudioTarget } from "./studio-route-options.js";

export { outerbaseConnection } from "./outerbase-connection.js";
export type { OuterbaseConnection, OuterbaseConnectionOptions } from "./outerbase-connection.js";

/** Outerbase Studio's origin, always allowed. */
export const OUTERBASE_STUDIO_ORIGIN = "https://studio.outerbase.com";
/** Largest request body the studio reads (1 MB); larger is a 413. */
export const STUDIO_MAX_BODY_BYTES = 1024 * 1024;

type AnyNamespace = ObjectNamespace<Rpc.DurableObjectBranded | undefined>;

// The RPC the studio plugin adds to every object with userdo's plugins.
interface StudioObject extends Rpc.DurableObjectBranded {
  studioQuery(request: unknown, options: StudioQueryOptions): StudioAnswer;
}

function studioObject(namespace: AnyNamespace, name: string): DurableObjectStub<StudioObject> {
  // Typed here, checked at run time: a class without userdo's plugins has no studioQuery (404 below).
  const typed = namespace as unknown as ObjectNamespace<StudioObject>;
  return typed.get(typed.idFromName(name));
}

function notFound(message: string): UserDOError {
  return new UserDOError(404, "not_found", message);
}

/**
 * The studio's Worker route: serves every object of the listed bindings at
 * `<basePath>/<binding>/<name>`, where Outerbase Studio's StarbaseDB connection
 * posts to `/query/raw`. It answers CORS preflights for Outerbase and the listed
 * origins only, requires a bearer token compared in constant time (401; a
 * caller IP with 10 failures in a minute gets 429 until it ends; a configured
 * token under 32 characters turns the studio off with a 403), JSON bodies (415)
 * of at most 1 MB (413), and passes the request to the object's `studioQuery`
 * RPC with the caller's access. The same family, behind the same token, moves
 * a user's data: `GET .../export` (a streamed JSON Lines export), `POST .../import`
 * (the export as the body, into a new object), `POST .../delete?confirm=<name>`
 * (the user, everywhere) and `GET .../log` (its log lines); all but the log need
 * the read-write token. Other paths: null.
 *
 * @example
 * ```ts
 * const studio = studioRoute<Env>({
 *   namespaces: { USERS: (env) => env.USERS, MASTER: { namespace: (env) => env.MASTER, readOnly: true } },
 *   token: (env) => env.STUDIO_TOKEN,
 *   readOnlyToken: (env) => env.STUDIO_READONLY_TOKEN,
 * });
 * export default {
 *   async fetch(request, env, ctx) {
 *     return (await studio(request, env, ctx)) ?? app(request, env);
 *   },
 * } satisfies ExportedHandler<Env>;
 * ```
 */
export function studioRoute<Env>(options: StudioRouteOptions<Env>): WorkerRoute<Env> {
  const basePath = (options.basePath ?? DEFAULT_STUDIO_BASE_PATH).replace(/\/+$/, "");
  // An empty base path would claim every URL of the app.
  if (!/^\/[^?#]+$/.test(basePath))
    throw new ConfigurationError(
      "bad_studio_options",
      `studioRoute: basePath must be a path such as "/sqlite", not "${options.basePath}"`,
    );
  const namespaces = new Map(Object.entries(options.namespaces));
  const policy = cors({
    origins: [OUTERBASE_STUDIO_ORIGIN, ...(options.origins ?? [])],
    methods: ["GET", "POST"],
    headers: ["Authorization", "Content-Type", "X-Starbase-Source"],
  });

  const attemptLimit = options.attemptLimit ?? memoryAttemptLimit();
  // Said once per isolate and mistake, so the logs show it without a flood.
  const warned = new Set<string>();

  async function handle(request: Request, env: Env, ctx: ExecutionContext, rest: string): Promise<Response> {
    const parts = rest.split("/");
    if (parts[0] === FLEET_SEGMENT && options.fleet) return handleFleet(request, env, parts);
    const query = parts.length === 4 && parts[2] === "query" && parts[3] === "raw";
    const action = parts.length === 3 && Object.hasOwn(DATA_METHODS, parts[2]!) ? (parts[2] as DataAction) : null;
    if (!query && action === null) {
      throw notFound(
        `studio URLs are ${basePath}/<binding>/<name>/query/raw, and .../export, .../import, .../delete, .../log`,
      );
    }
    const binding = parts[0]!;
    const served = namespaces.get(binding);
    if (served === undefined) throw notFound(`no studio for binding "${binding}"`);
    let name: string;
    try {
      name = decodeURIComponent(parts[1]!);
    } catch {
      throw new UserDOError(400, "bad_user_name", "the object name is not valid percent-encoding");
    }
    assertUserName(name);

    const preflight = policy.preflight(request);
    if (preflight) return preflight;
    const method = action === null ? "POST" : DATA_METHODS[action];
    if (request.method !== method)
      return jsonResponse(405, { error: `use ${method}`, code: "method_not_allowed" }, { allow: `${method}, OPTIONS` });
    if (!policy.allows(request)) throw new UserDOError(403, "origin_not_allowed", "this origin may not use the studio");

    const admitted = await admit(request, env, { binding, name });
    if ("refusal" in admitted) return admitted.refusal;
    let granted = admitted.access;
    const namespace = typeof served === "function" ? served : served.namespace;
    if (typeof served !== "function" && served.readOnly) granted = "read-only";
    if (action !== null) {
      try {
        return await answerData({ action, request, ctx, namespace: namespace(env), name, access: granted });
      } catch (error) {
        if (!(error instanceof TypeError && /exportDatabase|importDatabase|deleteUser|readLog/.test(error.message)))
          throw error;
        const message = `the class bound to "${binding}" has no ${action}: extend UserDO or use withPlugins`;
        return jsonResponse(404, { error: message, code: "no_studio" });
      }
    }

    const body = await readJsonBody(request, { maxBytes: STUDIO_MAX_BODY_BYTES });
    let answer: StudioAnswer;
    try {
      answer = await studioObject(namespace(env), name).studioQuery(body, { access: granted });
    } catch (error) {
      if (!(error instanceof TypeError && /studioQuery/.test(error.message))) throw error;
      // A deployment mistake, said plainly: the bound class lacks userdo's plugins.
      const message = `the class bound to "${binding}" has no studio: extend UserDO or use withPlugins`;
      return jsonResponse(404, { error: message, code: "no_studio" });
    }
    return jsonResponse(answer.status, answer.body);
  }

  // Who may in: the route's tokens, the same attempt limit. Null after answering a refusal in `refusal`.
  async function admit(
    request: Request,
    env: Env,
    target: { binding: string; name: string },
  ): Promise<{ access: StudioAccess } | { refusal: Response }> {
    const tokens = { token: options.token(env), readOnlyToken: options.readOnlyToken?.(env) };
    const weak = weakStudioToken(tokens);
    if (weak !== null) {
      if (!warned.has(weak)) console.error(`studioRoute: ${weak}`);
      warned.add(weak);
      return { refusal: jsonResponse(403, { error: weak, code: "studio_token_too_short" }) };
    }
    const caller = callerKey(request);
    const wait = attemptLimit === false ? 0 : await attemptLimit.retryAfter(caller);
    if (wait > 0) {
      const error = `too many failed studio attempts from this address; try again in ${wait} seconds`;
      return { refusal: jsonResponse(429, { error, code: "too_many_attempts" }, { "retry-after": String(wait) }) };
    }
    const granted = await studioAccess(request, {
      tokens,
      authorize: () => (options.authorize ? options.authorize(request, env, target) : null),
    });
    if (granted !== null) return { access: granted };
    if (attemptLimit !== false) await attemptLimit.failed(caller);
    return {
      refusal: jsonResponse(
        401,
        { error: "missing or wrong studio token", code: "unauthorized" },
        { "www-authenticate": 'Bearer realm="studio"' },
      ),
    };
  }

  async function handleFleet(request: Request, env: Env, parts: readonly string[]): Promise<Response> {
    const preflight = policy.preflight(request);
    if (preflight) return preflight;
    if (!policy.allows(request)) throw new UserDOError(403, "origin_not_allowed", "this origin may not use the studio");
    const admitted = await admit(request, env, { binding: FLEET_SEGMENT, name: parts[1] ?? "" });
    if ("refusal" in admitted) return admitted.refusal;
    return answerFleet(request, parts, options.fleet!(env), admitted.access);
  }

  return async (request, env, ctx) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${basePath}/`)) return null;
    let response: Response;
    try {
      response = await handle(request, env, ctx, url.pathname.slice(basePath.length + 1));
    } catch (error) {
      response = errorResponse(error, request);
    }
    return policy.apply(request, response);
  };
}
