import { UserDOError, errorResponse, errorStatus, jsonError, userStub } from "@userdo/core";
import type { PaymentRequirements } from "./x402-types.js";
import type { BillingNamespace } from "../shared/billing-object.js";
import { type PaidSettings, type PaidWork, runPaid } from "../worker/paid-run.js";
import { requestKey } from "../worker/request-key.js";
import { bearerBalanceKey, keyAddress, keyHash } from "./balance-key.js";
import { PAYMENT_REQUIRED_HEADER, PAYMENT_RESPONSE_HEADER, paymentRequiredHeader } from "./requirements.js";
import { logUncredited, takePayment, walletUser } from "./x402-pay.js";
import { mutable, withPaymentRequired } from "./x402-answers.js";
import type { X402Settings } from "./x402-config.js";
import { type X402RouteOptions, readX402Request } from "./x402-route.js";

/** What {@link x402Paid} needs: the x402 settings, the price, and the app's own way to pay (optional). */
export type X402PaidOptions<Env> = X402RouteOptions<Env> &
  Omit<PaidSettings, "price" | "payUrl"> & {
    /**
     * The app's own paid path for a request without an x402 payment (a session
     * or API token paying from its balance, e.g. `paid()` of
     * `@userdo/billing/auth`). Its 401 becomes a 402 that says how to pay; its
     * 402 gains `PAYMENT-REQUIRED`. Without it, such a request is a 402.
     */
    readonly otherwise?: (() => Response | Promise<Response>) | undefined;
  };

async function answerOf(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    // The client's mistakes (a bad header, a used payment, an unknown key) are answers; a facilitator outage is 502/504.
    const status = errorStatus(error).status;
    if (status < 500 || status === 502 || status === 504) return errorResponse(error);
    throw error;
  }
}

/**
 * A paid route that agents pay per request with x402, beside the app's own
 * way (sessions and tokens paying from a balance):
 *
 * - no payment: the app's answer (`otherwise`): its 401 for a request with
 *   no credential at all becomes a 402, and every 402 carries
 *   `PAYMENT-REQUIRED` for the route's price (a forged credential's 401 stays);
 * - `PAYMENT-SIGNATURE`: decoded, matched to the route, verified by the
 *   facilitator, claimed once in the wallet's object `x402-<address>`, settled,
 *   then credited (funding source `x402`, the transaction as reference) and the
 *   work started in one object call; the work runs once, is charged as
 *   `paid()` charges, and the answer carries `PAYMENT-RESPONSE`. A payment used
 *   before (also concurrently) is a 409 and runs nothing;
 * - `Authorization: Bearer x402_…` (a key a top-up answered): the work is
 *   charged to the wallet's balance.
 *
 * @example
 * ```ts
 * const payUrl = "https://github.com/sponsors/me";
 * return x402Paid(request, env, { x402: (env) => x402Settings(env), payUrl }, ({ user, balance }) => Response.json({ user, balance }));
 * ```
 */
export function x402Paid<Env>(
  request: Request,
  env: Env,
  options: X402PaidOptions<Env>,
  work: (paid: PaidWork) => Response | Promise<Response>,
): Promise<Response> {
  return answerOf(async () => {
    const { header, settings, requirements, price, users, payUrl } = await readX402Request(request, env, options);
    if (header !== null)
      return payPerRequest(request, { ...options, price }, { header, settings, requirements, users }, work);
    const key = bearerBalanceKey(request);
    if (key !== null) return spendBalance(request, { ...options, price }, requirements, users, key, work);
    const answer = options.otherwise ? await options.otherwise() : null;
    return withPaymentRequired(request, requirements, price, payUrl, answer);
  });
}

interface Payable {
  readonly header: string;
  readonly settings: X402Settings;
  readonly requirements: PaymentRequirements;
  readonly users: BillingNamespace;
}

async function payPerRequest(
  request: Request,
  settings: PaidSettings,
  pay: Payable,
  work: (paid: PaidWork) => Response | Promise<Response>,
): Promise<Response> {
  // A bad Idempotency-Key is refused before the payment is used.
  requestKey(request, settings.idempotencyKey);
  const taken = await takePayment({ request, ...pay, price: settings.price, payUrl: settings.payUrl ?? null });
  if (taken instanceof Response) return taken;
  const { stub } = taken;
  const response = await runPaid(
    request,
    settings,
    {
      start: async (start) => {
        try {
          const result = await stub.billingX402Settled({
            payment: taken.payment.id,
            transaction: taken.transaction,
            start,
            keyHash: null,
          });
          if (result.refused) throw new UserDOError(result.refused.status, result.refused.code, result.refused.message);
          return result.started!;
        } catch (error) {
          if (errorStatus(error).status >= 500) logUncredited(taken, error);
          throw error;
        }
      },
      finish: (attempt, answer) => stub.billingFinishPaid(attempt, answer),
      fail: (attempt) => stub.billingFailPaid(attempt),
    },
    (started, key) => ({ user: taken.user, price: started.amount, balance: started.balance, key }),
    work,
  );
  const answer = mutable(response);
  answer.headers.set(PAYMENT_RESPONSE_HEADER, taken.paymentResponse);
  return answer;
}

function unknownKey(): Response {
  return jsonError(401, "bad_balance_key", "this x402 balance key is not known: top up again to get one");
}

async function spendBalance(
  request: Request,
  settings: PaidSettings,
  requirements: PaymentRequirements,
  users: BillingNamespace,
  key: string,
  work: (paid: PaidWork) => Response | Promise<Response>,
): Promise<Response> {
  const address = keyAddress(key);
  if (address === null)
    throw new UserDOError(401, "bad_balance_key", "this x402 balance key is malformed: top up again to get one");
  const user = walletUser(address);
  const stub = userStub(users, user);
  const hash = await keyHash(key);
  const response = await runPaid(
    request,
    settings,
    {
      start: async (start) => (await stub.billingX402StartPaid(hash, start)) ?? unknownKey(),
      finish: (attempt, answer) => stub.billingFinishPaid(attempt, answer),
      fail: (attempt) => stub.billingFailPaid(attempt),
    },
    (started, k) => ({ user, price: started.amount, balance: started.balance, key: k }),
    work,
  );
  if (response.status !== 402) return response;
  const answer = mutable(response);
  answer.headers.set(PAYMENT_REQUIRED_HEADER, paymentRequiredHeader(request.url, requirements));
  return answer;
}
