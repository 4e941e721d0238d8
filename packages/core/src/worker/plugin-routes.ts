import { errorResponse } from "../errors.js";
import type { WorkerRoute } from "../shared/worker-route.js";

/**
 * Offers a request to each plugin's Worker routes in order; the first answer
 * wins, null when none claims it. Errors become JSON answers with their status
 * (`errorResponse(error, request)`: logged with their stack when unexpected,
 * and a setup mistake's message shown to local requests).
 *
 * @example
 * ```ts
 * const plugins = [auth(), billing()];
 *
 * export default {
 *   async fetch(request, env, ctx) {
 *     return (await handlePluginRoutes(request, env, ctx, plugins)) ?? app(request, env);
 *   },
 * } satisfies ExportedHandler<Env>;
 * ```
 */
export async function handlePluginRoutes<Env>(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  plugins: readonly { readonly routes?: WorkerRoute }[],
): Promise<Response | null> {
  for (const plugin of plugins) {
    if (!plugin.routes) continue;
    try {
      const response = await plugin.routes(request, env, ctx);
      if (response) return response;
    } catch (error) {
      return errorResponse(error, request);
    }
  }
  return null;
}
