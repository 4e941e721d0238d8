import { ConfigurationError, errorResponse, errorStatus, userStub } from "@userdo/core";
import type { BillingNamespace, BillingObject } from "../shared/billing-object.js";
import { type PaidSettings, type PaidWork, runPaid } from "./paid-run.js";
import { type UsersFrom, usersNamespace } from "./users.js";

/** What {@link paid} needs: who pays (your app knows), the price, and where the billing objects are. */
export type PaidOptions<Env> = UsersFrom<Env> &
  PaidSettings & {
    /** The paying user's id: the name of their billing object. */
    readonly user: string;
  };

/**
 * Charges a request for its work, once: reserves `price` in the user's billing
 * object, runs `work`, and when it answers 2xx or 3xx charges the reservation
 * and keeps the answer under the request's `Idempotency-Key`, in one call. A
 * thrown error or a 4xx/5xx answer releases the reservation: nothing is
 * charged and the client may retry with the same key.
 *
 * A replay of a finished key answers the kept answer with
 * `Idempotent-Replayed: true` and runs nothing; the same key on another
 * request (method, path or body) is a 409 `idempotency_conflict`; the same key
 * while the first is still running is a 409 `idempotency_in_progress`.
 * Without a key, each request is charged once and never replayed. A balance
 * that does not cover the price is a 402 with where to pay. A `user` that
 * names no object (empty, over 256 characters) is a 400 `bad_user_name`.
 *
 * For an app that knows who its user is (its own login). With `@userdo/auth`,
 * `paid` from `@userdo/billing/auth` takes the payer from the session or token.
 *
 * @example
 * ```ts
 * return paid(request, env, { user, price: cents(1) }, async () => Response.json(await stub.list()));
 * ```
 */
export function paid<Env>(
  request: Request,
  env: Env,
  options: PaidOptions<Env>,
  work: (paid: PaidWork) => Response | Promise<Response>,
): Promise<Response> {
  const user = options.user;
  if (typeof user !== "string")
    throw new ConfigurationError("bad_paid_options", "paid() needs the paying user's id (a string)");
  let stub: DurableObjectStub<BillingObject>;
  try {
    stub = userStub(usersNamespace<Env, BillingNamespace>(env, options.users), user);
  } catch (error) {
    // An id that names no object (empty, too long) often comes from the request (a path): a 400, not a crash.
    if (errorStatus(error).status < 500) return Promise.resolve(errorResponse(error));
    throw error;
  }
  return runPaid(
    request,
    options,
    {
      start: (input) => stub.billingStartPaid(input),
      finish: (attempt, answer) => stub.billingFinishPaid(attempt, answer),
      fail: (attempt) => stub.billingFailPaid(attempt),
    },
    (started, key) => ({ user, price: started.amount, balance: started.balance, key }),
    work,
  );
}
