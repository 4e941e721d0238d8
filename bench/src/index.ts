import { authRoutes } from "@userdo/auth";
import { asyncRoutes } from "./async/async-routes.js";
import { UserDOError, errorResponse } from "@userdo/core";
import { anonRoute, fundRoute, inObjectRoute, paidRoute, perCallRoute } from "./charge/charge-routes.js";
import { paidLoopRoute } from "./charge/paid-loop-route.js";
import { contentionChargeRoute, contentionSetupRoute } from "./contention/contention-routes.js";
import type { BenchRoute } from "./http/bench-route.js";
import { firstRoutes } from "./first/first-routes.js";
import { loadRoutes } from "./load/load-routes.js";
import { queryRoutes } from "./query/query-routes.js";
import {
  ingestRoute,
  masterCountRoute,
  replicationBurstRoute,
  replicationWriteRoute,
} from "./replication/replication-routes.js";
import { scaleTouchRoute, scaleUserRoute } from "./scale/scale-routes.js";
import { studio, studioRawRoute } from "./studio/studio-routes.js";
import { wakeRoutes } from "./wake/wake-routes.js";

export { AsyncPartsDO } from "./async/async-parts-do.js";
export { SchemaBenchDO } from "./first/schema-bench-do.js";
export { LedgerUser } from "./charge/ledger-user.js";
export { BareBalanceDO } from "./charge/bare-balance-do.js";
export { GlobalLedgerDO } from "./contention/global-ledger-do.js";
export { DrizzleQueryDO } from "./query/drizzle-do.js";
export { KyselyDoQueryDO } from "./query/kysely-do-do.js";
export { RawQueryDO } from "./query/raw-do.js";
export { UserdoQueryDO } from "./query/userdo-do.js";
export { BenchMaster, CapturedItemsDO, ReplicatedItemsDO, UncapturedItemsDO } from "./replication/items-dos.js";
export { StudioRowsDO } from "./studio/studio-rows-do.js";
export { BareWakeDO, UserdoWakeDO } from "./wake/wake-dos.js";

/** Routes by their first path segment; each gets the rest of the path. */
const ROUTES: Readonly<Record<string, BenchRoute>> = {
  query: queryRoutes,
  async: asyncRoutes,
  wake: wakeRoutes,
  first: firstRoutes,
  load: loadRoutes,
  charge: async (request, env, url, path) => {
    const [kind, ...rest] = path;
    if (kind === "in-object") return inObjectRoute(request, env, url, rest);
    if (kind === "per-call") return perCallRoute(request, env, url, rest);
    if (kind === "fund") return fundRoute(request, env, url, rest);
    if (kind === "paid-loop") return paidLoopRoute(request, env, url, rest);
    throw new UserDOError(404, "not_found", "charge routes are in-object, per-call, fund and paid-loop");
  },
  paid: paidRoute,
  anon: anonRoute,
  contention: async (request, env, url, path) =>
    path[0] === "setup"
      ? contentionSetupRoute(request, env, url, path.slice(1))
      : contentionChargeRoute(request, env, url, path),
  "studio-raw": studioRawRoute,
  replication: async (request, env, url, path) => {
    const [kind, ...rest] = path;
    if (kind === "write") return replicationWriteRoute(request, env, url, rest);
    if (kind === "burst") return replicationBurstRoute(request, env, url, rest);
    if (kind === "master-count") return masterCountRoute(request, env, url, rest);
    if (kind === "ingest") return ingestRoute(request, env, url, rest);
    throw new UserDOError(404, "not_found", "replication routes are write, burst, master-count and ingest");
  },
  scale: async (request, env, url, path) => {
    const [kind, ...rest] = path;
    if (kind === "user") return scaleUserRoute(request, env, url, rest);
    if (kind === "touch") return scaleTouchRoute(request, env, url, rest);
    throw new UserDOError(404, "not_found", "scale routes are user and touch");
  },
};

const auth = authRoutes<Env>({ users: (env) => env.USERS });

/**
 * The bench Worker, served by `wrangler dev` and timed from outside by
 * scripts/run.mjs (inside a Worker, timers move only on I/O). Auth's routes
 * (dev login, API tokens) and the studio are mounted as an app mounts them;
 * every other path belongs to one scenario. Errors are JSON `{error, code}`.
 *
 * @example
 * ```sh
 * npx -y pnpm@12.21.0 bench            # starts it with wrangler dev and times it
 * curl http://127.0.0.1:8851/nowhere   # 404 {"error":"no bench route /nowhere","code":"not_found"}
 * ```
 */
export default {
  async fetch(request, env, ctx): Promise<Response> {
    try {
      const mounted = (await studio(request, env, ctx)) ?? (await auth(request, env, ctx));
      if (mounted) return mounted;
      const url = new URL(request.url);
      const [, first = "", ...path] = url.pathname.split("/");
      const route = Object.hasOwn(ROUTES, first) ? ROUTES[first] : undefined;
      if (!route) throw new UserDOError(404, "not_found", `no bench route /${first}`);
      return await route(request, env, url, path);
    } catch (error) {
      return errorResponse(error, request);
    }
  },
} satisfies ExportedHandler<Env>;
