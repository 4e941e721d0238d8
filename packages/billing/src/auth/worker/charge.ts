import type { Identity, Profile } from "@userdo/auth";
import { UserDOError, errorResponse, errorStatus, jsonError, userStub } from "@userdo/core";
import type { AccountView, RefusalReason } from "../../shared/ledger-types.js";
import type { Metadata } from "../../shared/validate.js";
import { credentialOf } from "./credential.js";
import { paymentRequired, unauthenticated } from "../../worker/payment-required.js";
import { requestKey } from "../../worker/request-key.js";
import { sourceOf } from "../../worker/source.js";
import type { BillingNamespace } from "./options.js";
import { type UsersFrom, callerNamespace } from "./options.js";

/** What to charge for a request. Amounts are integer micro-dollars ($1 = 1,000,000). */
export type ChargeOptions<Env> = UsersFrom<Env> & ChargeRequest;

/** The charge itself, without where the user objects are. */
export interface ChargeRequest {
  /** Micro-dollars to charge (integer, 0 allowed): `cents(1)`, `usd(0.001)`. */
  readonly amount: number;
  /**
   * Default: the client's `Idempotency-Key` header, else none (each request is
   * charged once, never replayed). Charging twice in one request with a key
   * needs a distinct key for each.
   */
  readonly idempotencyKey?: string | undefined;
  /** What the charge is for; default the request's URL without its query (no secrets in the ledger). */
  readonly source?: string | undefined;
  readonly metadata?: Metadata | undefined;
  /** A scope the API token must carry. */
  readonly scope?: string | undefined;
  /** Where to pay, for the 402 answer (a GitHub Sponsors page, your top-up route). */
  readonly payUrl?: string | undefined;
  /** Where to log in, for the 401 answer. */
  readonly loginUrl?: string | undefined;
  /** Also return the stored GitHub profile (same call). */
  readonly withProfile?: boolean | undefined;
}

/** A request charged now: do its work. */
export interface Charged {
  readonly charged: true;
  readonly user: string;
  readonly amount: number;
  readonly balance: number;
  /** The request's idempotency key, or null when it had none. */
  readonly key: string | null;
  readonly chargeId: number;
  readonly via: Identity["via"];
  readonly tokenId: string | null;
  readonly account: AccountView;
  readonly profile: Profile | null;
}

/**
 * A request that was not charged now: `response` is the ready answer (401
 * log in, 402 where to pay, 409 when its key was charged before: its work
 * was paid for and done once, and is not done again; or the 4xx JSON error
 * of a request the client got wrong: `bad_request`, a malformed
 * `Idempotency-Key`, a token without the scope).
 */
export interface NotCharged {
  readonly charged: false;
  readonly reason: "unauthenticated" | "already_charged" | "bad_request" | RefusalReason;
  readonly user: string | null;
  readonly amount: number;
  readonly balance: number | null;
  readonly account: AccountView | null;
  readonly profile: Profile | null;
  readonly response: Response;
}

/** What {@link charge} answers. */
export type ChargeResult = Charged | NotCharged;

/**
 * Charges the caller of a request in ONE object call: the session or token is
 * verified and the charge made in the same transaction of the user's object.
 * A refusal comes with a ready answer (`401` without a valid credential, `402`
 * with where to pay, the 4xx JSON error of the client's own mistake: a
 * malformed `Idempotency-Key`, a token without the scope); the app's mistake
 * (a float amount) throws.
 * A key charged before is not charged again and answers `409 already_charged`:
 * its work was done once. To answer a retry with the first request's answer,
 * use `paid()`, which keeps that answer under the key.
 *
 * @example
 * ```ts
 * const paid = await charge(request, env, { amount: 100, payUrl: "https://github.com/sponsors/me" });
 * if (!paid.charged) return paid.response;
 * // paid.balance, paid.user ... do the paid work
 * ```
 */
export function charge<Env>(request: Request, env: Env, options: ChargeOptions<Env>): Promise<ChargeResult> {
  return chargeCaller(request, env, options.users, options);
}

/**
 * {@link charge} with the namespace passed on its own (for wrappers such as `getSponsor`).
 *
 * @example
 * ```ts
 * const paid = await chargeCaller(request, env, (env) => env.USERS, { amount: 100 });
 * ```
 */
export async function chargeCaller<Env>(
  request: Request,
  env: Env,
  users: ((env: Env) => BillingNamespace) | undefined,
  options: ChargeRequest,
): Promise<ChargeResult> {
  if (!Number.isSafeInteger(options.amount))
    throw new UserDOError(400, "bad_amount", "amount must be an integer number of micro-dollars ($1 = 1,000,000)");
  const notCharged = (
    reason: NotCharged["reason"],
    response: Response,
    rest: Partial<NotCharged> = {},
  ): NotCharged => ({
    charged: false,
    reason,
    user: null,
    amount: options.amount,
    balance: null,
    account: null,
    profile: null,
    response,
    ...rest,
  });
  const credential = await credentialOf(request, env);
  if (!credential) return notCharged("unauthenticated", unauthenticated(options.loginUrl ?? null));
  const stub = userStub(callerNamespace(env, users), credential.user);
  let call: Awaited<ReturnType<typeof stub.billingChargeAs>>;
  try {
    const input = {
      amount: options.amount,
      key: requestKey(request, options.idempotencyKey),
      source: options.source ?? sourceOf(request),
      metadata: options.metadata ?? null,
    };
    call = await stub.billingChargeAs(credential, input, {
      scope: options.scope,
      withProfile: options.withProfile,
      withAccount: true,
    });
  } catch (error) {
    // The client's mistakes (a malformed key, a token without the scope) are answers, not crashes.
    if (errorStatus(error).status < 500) return notCharged("bad_request", errorResponse(error));
    throw error;
  }
  if (!call.authenticated) return notCharged("unauthenticated", unauthenticated(options.loginUrl ?? null));
  const account = call.account!;
  const outcome = call.result;
  if (!outcome.charged) {
    const response = paymentRequired({ ...outcome, payUrl: options.payUrl ?? null });
    return notCharged(outcome.reason, response, {
      user: call.user,
      balance: outcome.balance,
      account,
      profile: call.profile,
    });
  }
  if (outcome.replayed) {
    const response = jsonError(
      409,
      "already_charged",
      "this Idempotency-Key was charged before: its work was done once and is not done again; send a new key for new work",
    );
    return notCharged("already_charged", response, {
      user: call.user,
      balance: account.balance,
      account,
      profile: call.profile,
    });
  }
  return {
    charged: true,
    user: call.user,
    amount: outcome.amount,
    balance: account.balance,
    key: outcome.key,
    chargeId: outcome.chargeId,
    via: call.via,
    tokenId: call.tokenId,
    account,
    profile: call.profile,
  };
}
