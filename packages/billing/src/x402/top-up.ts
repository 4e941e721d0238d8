import { errorResponse, errorStatus } from "@userdo/core";
import * as v from "valibot";
import { keyHash, newBalanceKey } from "./balance-key.js";
import { PAYMENT_RESPONSE_HEADER } from "./requirements.js";
import { x402Refusal } from "./x402-answers.js";
import { logUncredited, takePayment } from "./x402-pay.js";
import { type X402RouteOptions, readX402Request } from "./x402-route.js";

/** What {@link x402TopUp} needs: the settings, and the top-up's price (default its path's in `X402_PRICES`). */
export type X402TopUpOptions<Env> = X402RouteOptions<Env>;

const units = (description: string) =>
  v.pipe(v.number(), v.integer(), v.description(`${description} In micro-dollars ($1 = 1,000,000).`));

/** What a top-up answers: the wallet's user, what was credited, the balance, and the key to spend it with. */
export const X402TopUpAnswerSchema = v.object({
  user: v.pipe(v.string(), v.description("The wallet's user: x402-<address>.")),
  credited: units("Credited by this payment."),
  balance: units("The balance after it."),
  key: v.pipe(
    v.string(),
    v.description("x402_<address>_<secret>: send it as Authorization: Bearer <key> to spend the balance. Shown once."),
  ),
  transaction: v.pipe(v.string(), v.description("The settlement's transaction hash.")),
});
export type X402TopUpAnswer = v.InferOutput<typeof X402TopUpAnswerSchema>;

/**
 * `POST /x402/top-up` (any path you mount it on): one larger x402 payment
 * credits the wallet's balance (object `x402-<address>`) and answers a balance
 * key, shown once, that spends it on x402 routes without paying each request
 * (`Authorization: Bearer x402_…`). The key is the wallet's proof: only who
 * paid sees the answer. Without a payment: a 402 with `PAYMENT-REQUIRED`.
 *
 * @example
 * ```ts
 * if (url.pathname === "/x402/top-up") return x402TopUp(request, env, { x402: (env) => x402Settings(env) });
 * ```
 */
export async function x402TopUp<Env>(request: Request, env: Env, options: X402TopUpOptions<Env>): Promise<Response> {
  try {
    const { header, settings, requirements, price, users, payUrl } = await readX402Request(request, env, options);
    if (header === null) {
      const error = "pay the top-up with x402: PAYMENT-REQUIRED says what";
      return x402Refusal(request, requirements, { error, code: "payment_required", amount: price }, payUrl);
    }
    const taken = await takePayment({ request, header, settings, requirements, price, users, payUrl });
    if (taken instanceof Response) return taken;
    const key = newBalanceKey(taken.payment.payer);
    let result: Awaited<ReturnType<typeof taken.stub.billingX402Settled>>;
    try {
      result = await taken.stub.billingX402Settled({
        payment: taken.payment.id,
        transaction: taken.transaction,
        start: null,
        keyHash: await keyHash(key),
      });
    } catch (error) {
      logUncredited(taken, error);
      throw error;
    }
    const answer: X402TopUpAnswer = {
      user: taken.user,
      credited: result.credited,
      balance: result.balance,
      key,
      transaction: taken.transaction,
    };
    return Response.json(answer, {
      headers: { [PAYMENT_RESPONSE_HEADER]: taken.paymentResponse, "cache-control": "no-store" },
    });
  } catch (error) {
    const status = errorStatus(error).status;
    if (status < 500 || status === 502 || status === 504) return errorResponse(error);
    throw error;
  }
}
