import { charge } from "@userdo/billing/auth";
import { UserDOError, userStub } from "@userdo/core";
import { type BenchRoute, intParam, nameParam, oneOf, result } from "../http/bench-route.js";

/**
 * The price of one paid request in scenario 3, and what the runner credits a
 * bench user with (more than any run spends), in billing units.
 *
 * @example
 * ```ts
 * await charge(request, env, { users, amount: PAID_PRICE });
 * ```
 */
export const PAID_PRICE = 1;
/** @see PAID_PRICE */
export const BENCH_FUNDS = 1_000_000_000;

/**
 * The users the in-object and per-call charges go to; the runner funds them first.
 *
 * @example
 * ```sh
 * curl -X POST http://127.0.0.1:8851/charge/fund/charge-in-object
 * ```
 */
export const IN_OBJECT_USER = "charge-in-object";
/** @see IN_OBJECT_USER */
export const PER_CALL_USER = "charge-per-call";

const users = (env: Env) => env.USERS;

/**
 * Scenario 3, in the object: `GET /charge/in-object/<ledger|bare|bare-returning>?n=N&prefix=P`
 * runs N idempotent charges (keys `P:0..N-1`; a prefix used before replays
 * them), N bare single-row UPDATEs, or N of them that answer the new balance
 * (`RETURNING`), inside one object call.
 *
 * @example
 * ```sh
 * curl "http://127.0.0.1:8851/charge/in-object/ledger?n=1000&prefix=p1"  # {"result":1000}
 * ```
 */
export const inObjectRoute: BenchRoute = async (_request, env, url, path) => {
  const kind = oneOf(path[0], ["ledger", "bare", "bare-returning"], "kind");
  const n = intParam(url, "n", 0, 100_000);
  const bare = () => env.BARE_BALANCE.get(env.BARE_BALANCE.idFromName("in-object"));
  if (kind === "bare") return result(await bare().debitMany(n));
  if (kind === "bare-returning") return result(await bare().debitManyReturning(n));
  const prefix = nameParam(url.searchParams.get("prefix") ?? undefined, "prefix");
  return result(await userStub(env.USERS, IN_OBJECT_USER).chargeMany(prefix, n));
};

/**
 * Scenario 3, per call: `GET /charge/per-call/<ledger|bare|bare-read|ledger-read>?n=N&prefix=P`
 * makes N awaited object calls from the Worker, one charge (or one UPDATE,
 * or a read of each object: no write, so no commit to wait for) each, as a
 * Worker does once per paid request.
 *
 * @example
 * ```sh
 * curl "http://127.0.0.1:8851/charge/per-call/bare?n=100"  # {"result":100}
 * ```
 */
export const perCallRoute: BenchRoute = async (_request, env, url, path) => {
  const kind = oneOf(path[0], ["ledger", "bare", "bare-read", "ledger-read"], "kind");
  const n = intParam(url, "n", 0, 10_000);
  let done = 0;
  if (kind === "bare-read") {
    const stub = env.BARE_BALANCE.get(env.BARE_BALANCE.idFromName("per-call"));
    for (let i = 0; i < n; i++) done += (await stub.balance()) > 0 ? 1 : 0;
    return result(done);
  }
  if (kind === "ledger-read") {
    const stub = userStub(env.USERS, PER_CALL_USER);
    for (let i = 0; i < n; i++) done += (await stub.billingSnapshot()).account.balance > 0 ? 1 : 0;
    return result(done);
  }
  if (kind === "bare") {
    const stub = env.BARE_BALANCE.get(env.BARE_BALANCE.idFromName("per-call"));
    for (let i = 0; i < n; i++) done += await stub.debit(1);
    return result(done);
  }
  const prefix = nameParam(url.searchParams.get("prefix") ?? undefined, "prefix");
  const stub = userStub(env.USERS, PER_CALL_USER);
  for (let i = 0; i < n; i++) {
    const outcome = await stub.billingChargeAccount({ amount: 1, key: `${prefix}:${i}` });
    if (!outcome.charged) throw new UserDOError(402, outcome.reason, outcome.message);
    done++;
  }
  return result(done);
};

/**
 * `POST /charge/fund/<user>`: credits a bench user once (idempotent on the
 * user). Bench only: a real app credits from a funding source's webhook.
 *
 * @example
 * ```sh
 * curl -X POST http://127.0.0.1:8851/charge/fund/1
 * ```
 */
export const fundRoute: BenchRoute = async (request, env, _url, path) => {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "use POST");
  const user = nameParam(path[0], "user");
  const credit = await userStub(env.USERS, user).billingCredit({
    source: "bench",
    externalId: `fund:${user}`,
    amount: BENCH_FUNDS,
  });
  return result(credit);
};

/**
 * `GET /paid`: a paid request end to end, as an app serves it: the session
 * cookie or API token is verified and the charge made in ONE object call
 * (`charge()` from @userdo/billing/auth), then the answer. 401/402 as JSON,
 * and 409 for a key charged before.
 *
 * @example
 * ```sh
 * curl -H "Authorization: Bearer udo_1_…" http://127.0.0.1:8851/paid  # {"ok":true,"user":"1","balance":999999999}
 * ```
 */
export const paidRoute: BenchRoute = async (request, env) => {
  const paid = await charge(request, env, { users, amount: PAID_PRICE });
  if (!paid.charged) return paid.response;
  return Response.json({ ok: true, user: paid.user, balance: paid.balance });
};

/**
 * `GET /anon`: the unauthenticated pass-through a paid request is compared with (no object call).
 *
 * @example
 * ```sh
 * curl http://127.0.0.1:8851/anon  # {"ok":true,"user":null}
 * ```
 */
export const anonRoute: BenchRoute = async () => Response.json({ ok: true, user: null });
