import { UserDOError } from "@userdo/core";
import { UNITS_PER_CENT, UNITS_PER_USD } from "../../shared/money.js";
import type { Profile } from "@userdo/auth";
import type { AccountView } from "../../shared/ledger-types.js";
import { readCallerAccount } from "./account.js";
import { chargeCaller } from "./charge.js";
import type { UsersFrom } from "./options.js";

/** sponsorflare's options, plus where the user objects are. */
export type GetSponsorOptions<Env> = UsersFrom<Env> & {
  /** Cents to charge, as sponsorflare took them (fractions allowed, e.g. 0.001). Converted once to integer micro-dollars, rounded up. */
  readonly charge?: number;
  /**
   * Accepted for sponsorflare compatibility. A balance goes below zero only
   * down to the user's credit limit (`billing({ creditLimit })`), never further.
   */
  readonly allowNegativeClv?: boolean;
  readonly idempotencyKey?: string;
};

/** sponsorflare's result shape. Money fields are derived from the integer ledger for display. */
export interface Sponsor {
  /** True when the charge was made now: do the work. False when refused, or when the request's key was charged before (its work was done). */
  readonly charged: boolean;
  readonly is_authenticated: boolean;
  /** Always null: userdo never hands a secret back. */
  readonly access_token: null;
  /** The GitHub numeric id (the user object's name). */
  readonly owner_id: string | null;
  /** The credential's scopes, space-separated. */
  readonly scope: string | null;
  readonly owner_login?: string;
  readonly avatar_url?: string | null;
  readonly blog?: string | null;
  readonly bio?: string | null;
  readonly email?: string | null;
  readonly twitter_username?: string | null;
  /** The domain the user first logged in from. */
  readonly source?: string | null;
  /** True when the user has ever paid in. */
  readonly is_sponsor?: boolean;
  /** Lifetime value in cents. */
  readonly clv?: number;
  /** Total spent in cents. */
  readonly spent?: number;
  /** Balance in dollars, as sponsorflare reported it. */
  readonly balance?: number;
  readonly createdAt?: number | null;
  readonly updatedAt?: number;
}

/**
 * sponsorflare's cents (possibly fractional) to micro-dollars, rounded up so a price is never undercharged.
 *
 * @example
 * ```ts
 * sponsorflareCentsToUnits(1);      // 10,000
 * sponsorflareCentsToUnits(0.001);  // 10
 * ```
 */
export function sponsorflareCentsToUnits(cents: number): number {
  if (typeof cents !== "number" || !Number.isFinite(cents) || cents < 0)
    throw new UserDOError(400, "bad_amount", "charge must be a non-negative number of cents");
  // The epsilon absorbs binary noise (0.07 * 10000 = 700.0000000000001).
  const units = Math.ceil(cents * UNITS_PER_CENT - 1e-6);
  if (!Number.isSafeInteger(units)) throw new UserDOError(400, "bad_amount", "charge is out of range");
  return units;
}

interface Seen {
  readonly user: string | null;
  readonly account: AccountView | null;
  readonly profile: Profile | null;
}

function toSponsor(seen: Seen, charged: boolean): Sponsor {
  const { account, profile } = seen;
  return {
    charged,
    is_authenticated: seen.user !== null,
    access_token: null,
    owner_id: seen.user,
    scope: null,
    ...(profile && {
      owner_login: profile.login,
      avatar_url: profile.avatarUrl,
      blog: profile.blog,
      bio: profile.bio,
      email: profile.email,
      twitter_username: profile.twitterUsername,
      source: profile.sourceDomain,
      createdAt: profile.createdAt,
      updatedAt: profile.lastVerifiedAt,
    }),
    ...(account && {
      is_sponsor: account.credited > 0,
      clv: account.credited / UNITS_PER_CENT,
      spent: account.spent / UNITS_PER_CENT,
      balance: account.balance / UNITS_PER_USD,
    }),
  };
}

/**
 * A drop-in for sponsorflare's `getSponsor`: the same options and result
 * shape, so switching is a change of import. Unlike sponsorflare, it verifies
 * and charges in ONE object call, no key is made up (a request is charged
 * once; with `idempotencyKey` or the client's `Idempotency-Key` a replay is
 * not charged again and answers `charged: false`), and no secret comes back.
 *
 * @example
 * ```ts
 * import { getSponsor } from "@userdo/billing/auth"; // was: from "sponsorflare"
 * const { charged, ...sponsor } = await getSponsor(request, env, { charge: 1 });
 * if (!charged) return new Response("Payment required.", { status: 402, headers: { Location: "https://github.com/sponsors/me" } });
 * ```
 */
export async function getSponsor<Env>(request: Request, env: Env, options: GetSponsorOptions<Env>): Promise<Sponsor> {
  const amount = sponsorflareCentsToUnits(options.charge ?? 0);
  // Like sponsorflare: no charge asked, nothing written; only a read.
  if (amount === 0) {
    const me = await readCallerAccount(request, env, options.users, true);
    return toSponsor(me ?? { user: null, account: null, profile: null }, false);
  }
  const key = options.idempotencyKey;
  const result = await chargeCaller(request, env, options.users, {
    amount,
    withProfile: true,
    ...(key !== undefined && { idempotencyKey: key }),
  });
  return toSponsor(result, result.charged);
}
