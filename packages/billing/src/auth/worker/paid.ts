import type { Identity } from "@userdo/auth";
import { userStub } from "@userdo/core";
import { type PaidSettings, type PaidWork, runPaid } from "../../worker/paid-run.js";
import { unauthenticated } from "../../worker/payment-required.js";
import { credentialOf } from "./credential.js";
import { type UsersFrom, callerNamespace } from "./options.js";

/** What {@link paid} needs: the price, and what a token must carry. The payer is the request's caller. */
export type CallerPaidOptions<Env> = UsersFrom<Env> &
  PaidSettings & {
    /** A scope the API token must carry (a browser session carries every scope); 403 otherwise. */
    readonly scope?: string | undefined;
    /** Where to log in, for the 401 answer. */
    readonly loginUrl?: string | undefined;
  };

/** What the paid work is told about its caller. */
export interface CallerPaidWork extends PaidWork {
  readonly via: Identity["via"];
  readonly tokenId: string | null;
}

/**
 * `paid()` of `@userdo/billing` with the payer taken from the request: its
 * session cookie or API token is verified in the user's object in the same
 * transaction that reserves the price (one call), then the work runs, then
 * the charge and the kept answer are written (a second call). Without a
 * valid credential: 401. Replays, conflicts, failures and refusals answer as
 * `paid()` does: a replayed `Idempotency-Key` gets the kept answer with
 * `Idempotent-Replayed: true` and runs nothing.
 *
 * @example
 * ```ts
 * import { cents } from "@userdo/billing";
 * import { paid } from "@userdo/billing/auth";
 *
 * const payUrl = "https://github.com/sponsors/me";
 * return paid(request, env, { price: cents(1), scope: "api:paid", payUrl }, async ({ user, balance }) =>
 *   Response.json({ user, balance, answer: 42 }),
 * );
 * ```
 */
export async function paid<Env>(
  request: Request,
  env: Env,
  options: CallerPaidOptions<Env>,
  work: (paid: CallerPaidWork) => Response | Promise<Response>,
): Promise<Response> {
  const loginUrl = options.loginUrl ?? null;
  const credential = await credentialOf(request, env);
  if (!credential) return unauthenticated(loginUrl);
  const stub = userStub(callerNamespace(env, options.users), credential.user);
  let caller: Pick<CallerPaidWork, "user" | "via" | "tokenId"> | null = null;
  return runPaid(
    request,
    options,
    {
      async start(input) {
        const call = await stub.billingStartPaidAs(credential, input, { scope: options.scope });
        if (!call.authenticated) return unauthenticated(loginUrl);
        caller = { user: call.user, via: call.via, tokenId: call.tokenId };
        return call.result;
      },
      finish: (attempt, answer) => stub.billingFinishPaid(attempt, answer),
      fail: (attempt) => stub.billingFailPaid(attempt),
    },
    (started, key) => ({ ...caller!, price: started.amount, balance: started.balance, key }),
    work,
  );
}
