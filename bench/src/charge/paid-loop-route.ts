import { charge } from "@userdo/billing/auth";
import { UserDOError } from "@userdo/core";
import { type BenchRoute, intParam, oneOf, result } from "../http/bench-route.js";
import { PAID_PRICE } from "./charge-routes.js";
import { chargeInThreeCalls } from "./three-calls.js";

/** One paid request in one object call (`charge()`, as `/paid` serves it); throws its 401 or 402. */
async function chargeInOneCall(request: Request, env: Env): Promise<void> {
  const paid = await charge(request, env, { users: (env: Env) => env.USERS, amount: PAID_PRICE });
  if (!paid.charged) throw new UserDOError(paid.response.status, paid.reason, `not charged: ${paid.reason}`);
}

/**
 * Scenario 3, a paid request's shape: `GET /charge/paid-loop/<one|three>?n=N`
 * serves N paid requests, one after another, inside this one Worker request:
 * `charge()` (one object call) or sponsorflare's shape (three). Each is a new
 * `Request` carrying only the caller's credential (Authorization or cookie),
 * so each is charged once, without a key, as separate requests are.
 *
 * @example
 * ```sh
 * curl -H "Authorization: Bearer udo_1_…" "http://127.0.0.1:8851/charge/paid-loop/three?n=200"  # {"result":200}
 * ```
 */
export const paidLoopRoute: BenchRoute = async (request, env, url, path) => {
  const shape = oneOf(path[0], ["one", "three"], "shape");
  const n = intParam(url, "n", 0, 10_000);
  const headers = new Headers();
  for (const name of ["authorization", "cookie"]) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  for (let i = 0; i < n; i++) {
    const paid = new Request(`${url.origin}/paid`, { headers });
    if (shape === "one") await chargeInOneCall(paid, env);
    else await chargeInThreeCalls(paid, env, PAID_PRICE);
  }
  return result(n);
};
