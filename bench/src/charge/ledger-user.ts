import { auth } from "@userdo/auth";
import { billing } from "@userdo/billing/auth";
import { UserDO, withPlugins } from "@userdo/core";

/**
 * The user object of a paid app, composed as sponsorflare composes it:
 * `auth()` (profile, sessions, tokens) and `billing()` (the ledger) on a
 * UserDO. Scenarios 3, 4 and 7 use it through the plugins' public API only.
 *
 * @example
 * ```ts
 * const outcome = await userStub(env.USERS, "42").billingChargeAccount({ amount: 1, key: "order-7" });
 * ```
 */
export class LedgerUser extends withPlugins(UserDO<Env>, auth(), billing()) {
  /**
   * `n` charges of one unit inside this one call, keys `<prefix>:<i>`: the
   * ledger's own cost per charge with no RPC around it. Calling it again with
   * the same prefix replays every key (nothing is charged twice).
   */
  /**
   * A new user's first paid request, in one call: credit the account (its
   * first funds), then charge it once. Scenario 9 times it on fresh objects,
   * so the call also creates the object and applies every migration.
   */
  openAndCharge(): number {
    this.billingCredit({ source: "bench", externalId: "open", amount: 100 });
    const outcome = this.billingChargeAccount({ amount: 1, key: "first" });
    return outcome.charged ? outcome.balance : -1;
  }

  chargeMany(prefix: string, n: number): number {
    let charged = 0;
    for (let i = 0; i < n; i++) {
      const outcome = this.billingChargeAccount({ amount: 1, key: `${prefix}:${i}` });
      if (outcome.charged && !outcome.replayed) charged++;
    }
    return charged;
  }
}
