import { charge } from "@userdo/billing/auth";
import { assertSameOrigin, UserDOError } from "@userdo/core";
import type { Env } from "./env.js";
import { DEFAULT_PAY_URL, PRICE_PER_REQUEST, formatUsd } from "./pricing.js";

/** The scope an API token needs to call the paid route (browser sessions carry every scope). */
export const PAID_SCOPE = "api:paid";

/** What a charged call of the paid route answers. */
export interface PaidAnswer {
  readonly ok: true;
  readonly user: string;
  /** Units charged for this call (0 never happens here; a replayed key reports the first charge). */
  readonly charged: number;
  /** The balance after the charge, in units. */
  readonly balance: number;
  /** True when this `Idempotency-Key` was charged before: nothing was taken this time. */
  readonly replayed: boolean;
  readonly message: string;
}

/**
 * `GET|POST /api/paid`: the paid work. ONE call to the caller's object
 * verifies the session or token and charges {@link PRICE_PER_REQUEST} in the
 * same transaction; a retry with the same `Idempotency-Key` is charged once.
 * Without a valid credential: 401; without funds: 402 with `Location` and
 * `Link: rel="payment"` pointing to `PAY_URL`.
 *
 * @example
 * ```sh
 * curl -H "Authorization: Bearer udo_…" -H "Idempotency-Key: job-42" http://127.0.0.1:8787/api/paid
 * ```
 */
export async function paidRoute(request: Request, env: Env): Promise<Response> {
  if (request.method !== "GET" && request.method !== "POST")
    throw new UserDOError(405, "method_not_allowed", "use GET or POST");
  // Without an Authorization header the cookie pays: only this site may spend it.
  if (!request.headers.has("authorization")) assertSameOrigin(request);
  const paid = await charge(request, env, {
    users: (env) => env.USERS,
    amount: PRICE_PER_REQUEST,
    scope: PAID_SCOPE,
    payUrl: env.PAY_URL ?? DEFAULT_PAY_URL,
    loginUrl: "/oauth/login",
  });
  if (!paid.charged) return paid.response;
  const answer: PaidAnswer = {
    ok: true,
    user: paid.user,
    charged: paid.amount,
    balance: paid.balance,
    replayed: paid.replayed,
    message: `This answer cost ${formatUsd(paid.amount)}; ${formatUsd(paid.balance)} left.`,
  };
  return Response.json(answer, { headers: { "cache-control": "no-store" } });
}
