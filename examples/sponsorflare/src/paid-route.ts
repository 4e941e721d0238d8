import { formatUsd } from "@userdo/billing";
import { paid } from "@userdo/billing/auth";
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

/**
 * `GET|POST /api/paid`: the paid work, charged {@link PRICE_PER_REQUEST} once
 * with `paid()`: the session or token is verified and the price reserved in
 * ONE call to the caller's object, the work runs, then the charge and the
 * answer are written. A retry with the same `Idempotency-Key` gets the first
 * answer again (`Idempotent-Replayed: true`) and is not charged or run again;
 * the same key on another request is a 409. Without a valid credential: 401;
 * without funds: 402 with `Location` and `Link: rel="payment"` to `PAY_URL`.
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
  const options = {
    users: (env: Env) => env.USERS,
    price: PRICE_PER_REQUEST,
    scope: PAID_SCOPE,
    payUrl: env.PAY_URL ?? DEFAULT_PAY_URL,
    loginUrl: "/oauth/login",
  };
  return paid(request, env, options, ({ user, price, balance }) => {
    const answer: PaidAnswer = {
      ok: true,
      user,
      charged: price,
      balance,
      message: `This answer cost ${formatUsd(price)}; ${formatUsd(balance)} left.`,
    };
    return Response.json(answer, { headers: { "cache-control": "no-store" } });
  });
}
