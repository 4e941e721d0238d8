import { type BenchRoute, intParam, oneOf, result } from "../http/bench-route.js";
import type { QueryOp } from "./schema.js";

const CONTENDERS = ["raw", "userdo-sync", "userdo-async", "drizzle", "kysely-do"] as const;
const OPS: readonly QueryOp[] = ["select", "insert", "update"];

function run(contender: (typeof CONTENDERS)[number], op: QueryOp, n: number, env: Env): Promise<number> {
  switch (contender) {
    case "raw":
      return env.RAW.get(env.RAW.idFromName("bench")).run(op, n);
    case "userdo-sync":
      return env.USERDO.get(env.USERDO.idFromName("bench-sync")).runSync(op, n);
    case "userdo-async":
      return env.USERDO.get(env.USERDO.idFromName("bench-async")).runAsync(op, n);
    case "drizzle":
      return env.DRIZZLE.get(env.DRIZZLE.idFromName("bench")).run(op, n);
    case "kysely-do":
      return env.KYSELY_DO.get(env.KYSELY_DO.idFromName("bench")).run(op, n);
  }
}

/**
 * Scenario 1. `GET /query/<contender>/<op>?n=N`: N operations inside ONE
 * object call, so the call's own cost is amortized (the runner subtracts n=0).
 * Each contender has its own object with the same seeded table.
 *
 * @example
 * ```sh
 * curl "http://127.0.0.1:8851/query/userdo-sync/select?n=4000"  # {"result":…}: the same sum for every contender
 * ```
 */
export const queryRoutes: BenchRoute = async (_request, env, url, path) => {
  const contender = oneOf(path[0], CONTENDERS, "contender");
  const op = oneOf(path[1], OPS, "op");
  return result(await run(contender, op, intParam(url, "n", 0, 100_000), env));
};
