/** A Worker-side handler a plugin brings; answers null when the route is not its own. */
export type WorkerRoute<Env = any> = (
  request: Request,
  env: Env,
  ctx: ExecutionContext,
) => Response | null | Promise<Response | null>;
