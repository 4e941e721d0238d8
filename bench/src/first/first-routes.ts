import { userStub } from "@userdo/core";
import type { BenchRoute } from "../http/bench-route.js";
import { intParam, nameParam, oneOf, result } from "../http/bench-route.js";

/**
 * Scenario 9, a new user's first request. `GET /first/<bare|userdo>/<name>`
 * wakes an object that never existed and charges it once, in one call:
 * `userdo`, the paid app's user class (created, every plugin migration
 * applied, funded, charged); `bare`, a bare DurableObject that creates its
 * one table and balance row in its constructor, then runs one UPDATE.
 *
 * @example
 * ```sh
 * curl http://127.0.0.1:8851/first/userdo/u1  # {"result":99}
 * curl "http://127.0.0.1:8851/first/schema/one-step?n=20"  # the schema alone, 20 times (SchemaBenchDO)
 * ```
 */
export const firstRoutes: BenchRoute = async (_request, env, url, path) => {
  const kind = oneOf(path[0], ["bare", "userdo", "schema"], "kind");
  if (kind === "schema") {
    const how = oneOf(path[1], ["one-step", "stepwise"], "how");
    const n = intParam(url, "n", 0, 1000);
    return result(await env.SCHEMA_BENCH.get(env.SCHEMA_BENCH.idFromName("bench")).apply(how === "one-step", n));
  }
  const name = `first-${nameParam(path[1], "user")}`;
  if (kind === "bare") return result(await env.BARE_BALANCE.get(env.BARE_BALANCE.idFromName(name)).debit(1));
  return result(await userStub(env.USERS, name).openAndCharge());
};
