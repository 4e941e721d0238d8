import { type PaidWork, formatUsd } from "@userdo/billing";
import { paid } from "@userdo/billing/auth";
import { x402Paid, x402Settings, x402TopUp } from "@userdo/billing/x402";
import { UserDOError, assertSameOrigin } from "@userdo/core";
import * as v from "valibot";
import { DEFAULT_PAY_URL, PRICE_PER_REQUEST } from "./pricing.js";

/** The scope an API token needs to call the paid route (browser sessions carry every scope). */
export const PAID_SCOPE = "api:paid";

const units = (description: string) =>
  v.pipe(v.number(), v.integer(), v.description(`${description} In micro-dollars ($1 = 1,000,000).`));

/** What a charged call of the paid route answers (a replay of its key answers the same bytes again). */
export const PaidAnswerSchema = v.object({
  ok: v.literal(true),
  user: v.string(),
  charged: units("Charged for this call."),
  balance: units("Balance after the charge."),
  message: v.string(),
});
export type PaidAnswer = v.InferOutput<typeof PaidAnswerSchema>;

/** True when this deploy takes x402 payments: `X402_PAY_TO` is set (the other X402_* vars are then checked). */
export function x402Enabled(env: Env): boolean {
  return Boolean(env.X402_PAY_TO);
}

function work({ user, price, balance }: PaidWork): Response {
  const answer: PaidAnswer = {
    ok: true,
    user,
    charged: price,
    balance,
    message: `This answer cost ${formatUsd(price)}; ${formatUsd(balance)} left.`,
  };
  return Response.json(answer, { headers: { "cache-control": "no-store" } });
}

/**
 * `GET|POST /api/paid`: the paid work, charged {@link PRICE_PER_REQUEST} once
 * with `paid()`: the session or token is verified and the price reserved in
 * ONE call to the caller's object, the work runs, then the charge and the
 * answer are written. A retry with the same `Idempotency-Key` gets the first
 * answer again (`Idempotent-Replayed: true`) and is not charged or run again;
 * the same key on another request is a 409. Without funds: 402 with
 * `Location` and `Link: rel="payment"` to `PAY_URL`.
 *
 * With `X402_PAY_TO` set, agents pay too, per request with x402 (`x402Paid`):
 * no credential is a 402 that also carries `PAYMENT-REQUIRED`; a
 * `PAYMENT-SIGNATURE` pays for one call, credited to and charged from the
 * wallet's own user `x402-<address>`; a top-up's key (`Bearer x402_…`)
 * spends that wallet's balance. Without it: no credential is a 401.
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
  const payUrl = env.PAY_URL ?? DEFAULT_PAY_URL;
  const options = {
    users: (env: Env) => env.USERS,
    price: PRICE_PER_REQUEST,
    scope: PAID_SCOPE,
    payUrl,
    loginUrl: "/oauth/login",
  };
  if (!x402Enabled(env)) return paid(request, env, options, work);
  const otherwise = () => paid(request, env, options, work);
  return x402Paid(request, env, { users: (env: Env) => env.USERS, x402: x402Settings, payUrl, otherwise }, work);
}

/**
 * `POST /x402/top-up`: one x402 payment of `X402_PRICES["/x402/top-up"]`
 * credits the paying wallet's balance and answers a key (shown once) that
 * spends it on `/api/paid` as `Authorization: Bearer x402_…`. 404 when this
 * deploy takes no x402 payments.
 *
 * @example
 * ```sh
 * curl -X POST http://127.0.0.1:8787/x402/top-up   # 402: PAYMENT-REQUIRED says what to pay
 * ```
 */
export async function x402TopUpRoute(request: Request, env: Env): Promise<Response> {
  if (!x402Enabled(env)) throw new UserDOError(404, "not_found", "this deploy takes no x402 payments");
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "use POST");
  return x402TopUp(request, env, {
    users: (env: Env) => env.USERS,
    x402: x402Settings,
    payUrl: env.PAY_URL ?? DEFAULT_PAY_URL,
  });
}
