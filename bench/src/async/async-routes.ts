import type { BenchRoute } from "../http/bench-route.js";
import { intParam, oneOf, result } from "../http/bench-route.js";
import type { QueryOp } from "../query/schema.js";
import { ASYNC_PARTS } from "./async-parts-do.js";

const OPS: readonly QueryOp[] = ["select", "insert", "update"];

/**
 * Scenario 8. `GET /async/<part>/<op>?n=N`: one part of a `this.db`
 * operation, N times inside one object call (see AsyncPartsDO).
 *
 * @example
 * ```sh
 * curl "http://127.0.0.1:8851/async/compile/insert?n=1000"  # {"result":1000}
 * ```
 */
export const asyncRoutes: BenchRoute = async (_request, env, url, path) => {
  const part = oneOf(path[0], ASYNC_PARTS, "part");
  const op = oneOf(path[1], OPS, "op");
  const n = intParam(url, "n", 0, 100_000);
  return result(await env.ASYNC_PARTS.get(env.ASYNC_PARTS.idFromName("bench")).run(part, op, n));
};
