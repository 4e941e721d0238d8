import { UserDOError, userStub } from "@userdo/core";
import type { MeterReceipt } from "../ledger/metering.js";
import type { BillingNamespace } from "./options.js";
import { paymentRequired } from "./payment-required.js";
import { requestKey } from "./request-key.js";
import { sourceOf } from "./source.js";

/** Options of {@link meterRequest}. */
export interface MeterOptions<Env> {
  readonly users: (env: Env) => BillingNamespace;
  /** Whose quota pays: the owner of the hosted worker, as the platform knows it (not the caller). */
  readonly account: string;
  /** Where the owner tops up, for the 402 answer. */
  readonly payUrl?: string;
  readonly idempotencyKey?: string;
}

/** A metered request: forward it, or answer with `response`. */
export type MeterResult =
  | ({ readonly allowed: true } & MeterReceipt)
  | { readonly allowed: false; readonly response: Response };

/**
 * Codius-style metering for a dispatch Worker: counts the request against the
 * account's prepaid quota BEFORE it is forwarded, in one object call: free
 * while the period's included requests last, then the plan's price per
 * request, else a 402 `limit_exceeded` answer.
 *
 * @example
 * ```ts
 * const metered = await meterRequest(request, env, { users: (env) => env.OWNERS, account: app.ownerId });
 * if (!metered.allowed) return metered.response;
 * return env.DISPATCHER.get(app.script).fetch(request);
 * ```
 */
export async function meterRequest<Env>(request: Request, env: Env, options: MeterOptions<Env>): Promise<MeterResult> {
  if (typeof options.account !== "string")
    throw new UserDOError(500, "bad_account", "account must name the paying object");
  const key = requestKey(request, options.idempotencyKey);
  const outcome = await userStub(options.users(env), options.account).billingMeter(key, sourceOf(request));
  if (!outcome.charged)
    return { allowed: false, response: paymentRequired({ ...outcome, payUrl: options.payUrl ?? null }) };
  return { allowed: true, ...outcome };
}
