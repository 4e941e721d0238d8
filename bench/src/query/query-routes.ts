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

function statements(contender: (typeof CONTENDERS)[number], op: QueryOp, n: number, env: Env): Promise<number> {
  switch (contender) {
    case "raw":
      return env.RAW.get(env.RAW.idFromName("statements")).statements(op, n);
    case "userdo-sync":
      return env.USERDO.get(env.USERDO.idFromName("statements")).statements("sync", op, n);
    case "userdo-async":
      return env.USERDO.get(env.USERDO.idFromName("statements")).statements("async", op, n);
    case "drizzle":
      return env.DRIZZLE.get(env.DRIZZLE.idFromName("statements")).statements(op, n);
    case "kysely-do":
      return env.KYSELY_DO.get(env.KYSELY_DO.idFromName("statements")).statements(op, n);
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
 * curl "http://127.0.0.1:8851/query/userdo-async/insert/statements?n=10"  # {"result":10}: statements sent to SQLite
 * ```
 * `GET /query/<contender>/<op>/statements?n=N` counts the statements N
 * operations send to SQLite (on objects of their own, apart from the timed ones).
 */
export const queryRoutes: BenchRoute = async (_request, env, url, path) => {
  if (path[0] === "shapes") {
    const shapes = {
      "userdo-async": await env.USERDO.get(env.USERDO.idFromName("shapes")).shapes("shaped"),
      "kysely-do": await env.KYSELY_DO.get(env.KYSELY_DO.idFromName("shapes")).shapes("shaped"),
    };
    // BigInt counts as strings: JSON has no BigInt.
    return new Response(
      JSON.stringify({ result: shapes }, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)),
      {
        headers: { "content-type": "application/json" },
      },
    );
  }
  const contender = oneOf(path[0], CONTENDERS, "contender");
  const op = oneOf(path[1], OPS, "op");
  const n = intParam(url, "n", 0, 100_000);
  if (path[2] === "statements") return result(await statements(contender, op, n, env));
  if (path[2] !== undefined) oneOf(path[2], ["statements"], "what");
  return result(await run(contender, op, n, env));
};
