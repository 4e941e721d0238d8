import { UserDOError, userStub } from "@userdo/core";
import { type BenchRoute, intParam, intValue, oneOf, result } from "../http/bench-route.js";

/** Scenario 7's users are `s-0` .. `s-9999`: distinct objects of the paid app's user class. */
const MAX_USERS = 100_000;
const MAX_BATCH = 200;

type Kind = "userdo" | "bare";

/** One request to one user's object: a read of its balance (bare: a bare DurableObject's one-row table). */
async function touch(env: Env, kind: Kind, index: number): Promise<number> {
  if (kind === "bare") return env.BARE_BALANCE.get(env.BARE_BALANCE.idFromName(`s-${index}`)).balance();
  return (await userStub(env.USERS, `s-${index}`).billingSnapshot()).account.balance;
}

const kindOf = (url: URL): Kind => oneOf(url.searchParams.get("kind") ?? "userdo", ["userdo", "bare"], "kind");

/**
 * `GET /scale/user/<index>?kind=userdo|bare`: one request to one user's
 * object (a read of its account), of the paid app's user class or a bare
 * DurableObject.
 *
 * @example
 * ```sh
 * curl http://127.0.0.1:8852/scale/user/42  # {"result":0}
 * ```
 */
export const scaleUserRoute: BenchRoute = async (_request, env, url, path) => {
  return result(await touch(env, kindOf(url), intValue(path[0], "user index", 0, MAX_USERS - 1)));
};

/**
 * `POST /scale/touch?from=F&count=C&kind=userdo|bare`: wakes users F .. F+C-1 at once (each
 * object is created and migrated on first touch); the runner calls it to
 * bring thousands of objects to life quickly.
 *
 * @example
 * ```sh
 * curl -X POST "http://127.0.0.1:8852/scale/touch?from=0&count=100"  # {"result":100}
 * ```
 */
export const scaleTouchRoute: BenchRoute = async (request, env, url) => {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "use POST");
  const from = intParam(url, "from", 0, MAX_USERS - 1);
  const count = intParam(url, "count", 1, Math.min(MAX_BATCH, MAX_USERS - from));
  const kind = kindOf(url);
  await Promise.all(Array.from({ length: count }, (_, i) => touch(env, kind, from + i)));
  return result(count);
};
