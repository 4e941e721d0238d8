import { type Credential, type Identity, type Profile, hasScope, readProfile, verifyCredential } from "@userdo/auth";
import { type PluginContext, UserDOError } from "@userdo/core";
import { loadAccount, viewAccount } from "../../ledger/account.js";
import type { AccountView, Payer } from "../../shared/ledger-types.js";
import type { BillingSettings } from "../../settings.js";

/** What a paid call answers when the credential is not valid here. */
export interface Unauthenticated {
  readonly authenticated: false;
}

/** The verified caller of a paid call, and their answer. */
export interface Authenticated<T> {
  readonly authenticated: true;
  readonly user: string;
  readonly via: Identity["via"];
  readonly tokenId: string | null;
  /** The stored GitHub profile, when the call asked for it (`getSponsor` does). */
  readonly profile: Profile | null;
  /** The account's totals after the call, when it asked for them. */
  readonly account: AccountView | null;
  readonly result: T;
}

/** A call that first verifies the caller's credential. */
export type PaidCall<T> = Authenticated<T> | Unauthenticated;

/** What every credentialed call may add. */
export interface CallOptions {
  /** A scope the API token must carry (browser sessions carry every scope). */
  readonly scope?: string | undefined;
  /** Also read the stored profile, in the same call. */
  readonly withProfile?: boolean | undefined;
  /** Also read the account's totals after the call. */
  readonly withAccount?: boolean | undefined;
}

/** The payer behind a verified identity: a token's budget is enforced per token. */
export function payerOf(identity: Identity): Payer {
  return { tokenId: identity.tokenId, budget: identity.budget };
}

/**
 * Verifies the credential and runs `work` in ONE synchronous transaction: the
 * check, the charge and every row it writes commit together or not at all, in
 * the one object call a paid request costs.
 */
export function withCredential<T>(
  c: PluginContext,
  settings: BillingSettings,
  credential: Credential,
  options: CallOptions | undefined,
  work: (identity: Identity, now: number) => T,
): PaidCall<T> {
  const now = Date.now();
  return c.ctx.storage.transactionSync((): PaidCall<T> => {
    const identity = verifyCredential(c, credential, now);
    if (!identity) return { authenticated: false };
    if (options?.scope !== undefined && !hasScope(identity, options.scope)) {
      throw new UserDOError(403, "missing_scope", `this token lacks the "${options.scope}" scope`);
    }
    const result = work(identity, now);
    const profile = options?.withProfile ? readProfile(c) : null;
    const account = options?.withAccount ? viewAccount(loadAccount(c), settings) : null;
    return {
      authenticated: true,
      user: identity.user,
      via: identity.via,
      tokenId: identity.tokenId,
      profile,
      account,
      result,
    };
  });
}
