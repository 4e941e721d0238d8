import { UserDOError, userStub } from "@userdo/core";
import type { BenchRoute } from "../http/bench-route.js";
import { intParam, nameParam, oneOf, result } from "../http/bench-route.js";

/** The user whose one object scenario 10 charges as fast as it can; the runner funds it first. */
export const LOAD_USER = "load";

/**
 * Scenario 10, one object's ceiling without HTTP around each charge:
 * `GET /load/object?n=N&c=C&prefix=P` makes N charge calls (keys `P:0..N-1`)
 * to one user object from this one Worker request, C of them in flight at a
 * time; `GET /load/bare?n=N&c=C&prefix=P` the same with a bare object's
 * one-row UPDATE. The runner divides N by the time the request took.
 *
 * @example
 * ```sh
 * curl "http://127.0.0.1:8851/load/object?n=500&c=50&prefix=r1"  # {"result":500}
 * ```
 */
export const loadRoutes: BenchRoute = async (_request, env, url, path) => {
  const kind = oneOf(path[0], ["object", "bare"], "load route");
  const n = intParam(url, "n", 0, 20_000);
  const c = intParam(url, "c", 1, 200);
  const prefix = nameParam(url.searchParams.get("prefix") ?? undefined, "prefix");
  const stub = userStub(env.USERS, LOAD_USER);
  const bare = env.BARE_BALANCE.get(env.BARE_BALANCE.idFromName(LOAD_USER));
  let next = 0;
  let charged = 0;
  await Promise.all(
    Array.from({ length: Math.min(c, n) }, async () => {
      while (next < n) {
        const i = next++;
        if (kind === "bare") {
          const written = await bare.debit(1); // awaited first: `charged += await` would read charged before the wait
          charged += written;
          continue;
        }
        const outcome = await stub.billingChargeAccount({ amount: 1, key: `${prefix}:${i}` });
        if (!outcome.charged) throw new UserDOError(402, outcome.reason, outcome.message);
        charged++;
      }
    }),
  );
  return result(charged);
};
