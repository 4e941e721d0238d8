import type { Identity, Profile } from "@userdo/auth";
import { UserDOError, userStub } from "@userdo/core";
import type { AccountView, RefusalReason } from "../ledger/types.js";
import type { Metadata } from "../ledger/validate.js";
import { credentialOf } from "./credential.js";
import { paymentRequired, unauthenticated } from "./payment-required.js";
import { requestKey } from "./request-key.js";
import type { BillingNamespace } from "./options.js";
import { type UsersFrom, usersNamespace } from "./users.js";

/** What to charge for a request. Amounts are integer units (1 USD = 1,000,000). */
export type ChargeOptions<Env> = UsersFrom<Env> & ChargeRequest;

/** The charge itself, without where the user objects are. */
export interface ChargeRequest {
  /** Units to charge (integer, 0 allowed). */
  readonly amount: number;
  /**
   * Default: the `Idempotency-Key` header, else the request's id (see
   * `requestKey`). Charging twice in one request needs a distinct key for each.
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

/** A charged request (or a replayed key, already paid). */
export interface Charged {
  readonly charged: true;
  readonly user: string;
  readonly amount: number;
  readonly balance: number;
  readonly key: string;
  readonly chargeId: number;
  /** True when this key was charged before: the work is already paid for. */
  readonly replayed: boolean;
  readonly via: Identity["via"];
  readonly tokenId: string | null;
  readonly account: AccountView;
  readonly profile: Profile | null;
}

/** A request that was not charged: `response` is the ready 401 or 402 answer. */
export interface NotCharged {
  readonly charged: false;
  readonly reason: "unauthenticated" | RefusalReason;
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
 * The request's URL without query or fragment: a query may carry secrets, the ledger never does.
 *
 * @example
 * ```ts
 * sourceOf(new Request("https://api.example/v1/run?key=s3cret")); // "https://api.example/v1/run"
 * ```
 */
export function sourceOf(request: Request): string {
  const url = new URL(request.url);
  return `${url.origin}${url.pathname}`;
}

/**
 * Charges the caller of a request in ONE object call: the session or token is
 * verified and the charge made in the same transaction of the user's object.
 * A refusal comes with a ready answer (`401` without a valid credential, `402`
 * with where to pay); bad input (a float amount, a bad key) throws a 400.
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
  const key = requestKey(request, options.idempotencyKey);
  if (!Number.isSafeInteger(options.amount))
    throw new UserDOError(400, "bad_amount", "amount must be an integer number of units");
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
  const stub = userStub(usersNamespace(env, users), credential.user);
  const input = {
    amount: options.amount,
    key,
    source: options.source ?? sourceOf(request),
    metadata: options.metadata ?? null,
  };
  const call = await stub.billingCharge(credential, input, {
    scope: options.scope,
    withProfile: options.withProfile,
    withAccount: true,
  });
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
  return {
    charged: true,
    user: call.user,
    amount: outcome.amount,
    balance: account.balance,
    key: outcome.key,
    chargeId: outcome.chargeId,
    replayed: outcome.replayed,
    via: call.via,
    tokenId: call.tokenId,
    account,
    profile: call.profile,
  };
}
