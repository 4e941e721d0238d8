import { UserDOError, userStub } from "@userdo/core";
import { BENCH_FUNDS } from "../charge/charge-routes.js";
import { type BenchRoute, intParam, intValue, nameParam, oneOf, result } from "../http/bench-route.js";
import { D1Ledger } from "./d1-ledger.js";

/**
 * Scenario 4's users are named `c-0` .. `c-<users - 1>` in every design.
 *
 * @example
 * ```ts
 * const stub = userStub(env.USERS, `${CONTENTION_PREFIX}7`);
 * ```
 */
export const CONTENTION_PREFIX = "c-";
const MAX_USERS = 1_000;

const DESIGNS = ["per-user", "global", "d1"] as const;
type Design = (typeof DESIGNS)[number];

const globalLedger = (env: Env) => env.GLOBAL_LEDGER.get(env.GLOBAL_LEDGER.idFromName("global"));

/**
 * `POST /contention/setup?users=N`: opens N funded accounts in each design
 * (idempotent): a `billing()` ledger per user object, N rows in the global
 * object, N rows in D1 (creating its tables on first use).
 *
 * @example
 * ```sh
 * curl -X POST "http://127.0.0.1:8851/contention/setup?users=100"  # {"result":{"users":100,"global":100,"d1":100}}
 * ```
 */
export const contentionSetupRoute: BenchRoute = async (request, env, url) => {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "use POST");
  const users = intParam(url, "users", 1, MAX_USERS);
  await Promise.all(
    Array.from({ length: users }, (_, i) =>
      userStub(env.USERS, `${CONTENTION_PREFIX}${i}`).billingCredit({
        source: "bench",
        externalId: "contention",
        amount: BENCH_FUNDS,
      }),
    ),
  );
  const global = await globalLedger(env).open(CONTENTION_PREFIX, users, BENCH_FUNDS);
  const d1 = await new D1Ledger(env.CENTRAL).open(CONTENTION_PREFIX, users, BENCH_FUNDS);
  return result({ users, global, d1 });
};

async function chargeIn(design: Design, env: Env, user: string, key: string): Promise<boolean> {
  switch (design) {
    case "per-user": {
      const outcome = await userStub(env.USERS, user).billingChargeAccount({ amount: 1, key });
      if (!outcome.charged) throw new UserDOError(402, outcome.reason, outcome.message);
      return !outcome.replayed;
    }
    case "global":
      return globalLedger(env).charge(user, key, 1);
    case "d1":
      return new D1Ledger(env.CENTRAL).charge(user, key, 1);
  }
}

/**
 * `POST /contention/<per-user|global|d1>/<user index>?key=K`: ONE charge of
 * one unit for user `c-<index>` with idempotency key K. The runner sends these
 * from 100 users at once.
 *
 * @example
 * ```sh
 * curl -X POST "http://127.0.0.1:8851/contention/d1/7?key=r1-7-0"  # {"result":true}; again: {"result":false}
 * ```
 */
export const contentionChargeRoute: BenchRoute = async (request, env, url, path) => {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "use POST");
  const design = oneOf(path[0], DESIGNS, "design");
  const user = `${CONTENTION_PREFIX}${intValue(path[1], "user index", 0, MAX_USERS - 1)}`;
  const key = nameParam(url.searchParams.get("key") ?? undefined, "key");
  return result(await chargeIn(design, env, user, key));
};
