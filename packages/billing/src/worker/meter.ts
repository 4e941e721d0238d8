import { ConfigurationError, errorResponse, errorStatus, userStub } from "@userdo/core";
import type { MeterReceipt } from "../shared/ledger-types.js";
import { assertKey } from "../shared/validate.js";
import type { BillingNamespace, BillingObject } from "../shared/billing-object.js";
import { paymentRequired } from "./payment-required.js";
import { sourceOf } from "./source.js";

/** Options of {@link meterRequest}. */
export interface MeterOptions<Env> {
  readonly users: (env: Env) => BillingNamespace;
  /** Whose quota pays: the owner of the hosted worker, as the platform knows it (not the caller). */
  readonly account: string;
  /** Where the owner tops up, for the 402 answer. */
  readonly payUrl?: string;
  /**
   * Your own key for this request (a queue message id), when the same request
   * may reach you twice: metered once, and a second time answered 409
   * `already_metered` without forwarding. Never the client's `Idempotency-Key`:
   * a key the client chooses must not buy a second forwarded request.
   */
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
 * request, else a 402 `limit_exceeded` answer (an `account` that names no
 * object, empty or over 256 characters, a 400 `bad_user_name`). Every forwarded request counts:
 * the client's `Idempotency-Key` is not read (a retry of a forwarded request
 * is forwarded again, so it is metered again).
 *
 * @example
 * ```ts
 * declare const hosted: { ownerId: string; script: string }, dispatcher: DispatchNamespace; // the app of this host
 * const metered = await meterRequest(request, env, { users: (env) => env.USERS, account: hosted.ownerId });
 * if (!metered.allowed) return metered.response;
 * return dispatcher.get(hosted.script).fetch(request);
 * ```
 */
export async function meterRequest<Env>(request: Request, env: Env, options: MeterOptions<Env>): Promise<MeterResult> {
  if (typeof options.account !== "string")
    throw new ConfigurationError("bad_account", "meterRequest: account must name the paying object (a string)");
  const key = options.idempotencyKey ?? null;
  if (key !== null) assertKey(key);
  let stub: DurableObjectStub<BillingObject>;
  try {
    stub = userStub(options.users(env), options.account);
  } catch (error) {
    // An account that names no object (empty, too long) often comes from the request (a host, a path).
    if (errorStatus(error).status < 500) return { allowed: false, response: errorResponse(error) };
    throw error;
  }
  try {
    const outcome = await stub.billingMeter(key, sourceOf(request));
    if (!outcome.charged)
      return { allowed: false, response: paymentRequired({ ...outcome, payUrl: options.payUrl ?? null }) };
    return { allowed: true, ...outcome };
  } catch (error) {
    if (errorStatus(error).code === "already_metered") return { allowed: false, response: errorResponse(error) };
    throw error;
  }
}
