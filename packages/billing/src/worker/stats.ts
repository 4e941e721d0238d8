import type { ReplicatedBilling } from "../shared/ledger-types.js";

/** Totals over every user, for `GET /admin/stats`. Money in micro-dollars. */
export interface BillingStats {
  /** Users with a billing account: money moved for them, or a credit limit was set. */
  readonly users: number;
  /** Users with at least one active or pending-cancellation sponsorship. */
  readonly sponsors: number;
  /** Everything funding sources paid in. */
  readonly credited: number;
  readonly spent: number;
  /** Sum of balances (credited + adjusted - spent). */
  readonly balance: number;
  readonly held: number;
}

/**
 * Where `/admin/stats` reads its totals: the master, which holds every
 * user's replicated `_userdo_billing_account` and `_userdo_billing_sponsorships`
 * rows (the platform cannot list objects by name). Implement it on the master
 * class, or over any aggregate (a D1 copy), with {@link aggregateBillingStats}.
 *
 * @example
 * ```ts
 * billingRoutes<Env>({ users, stats: (env) => masterBillingStats(masterShards(env.MASTER, 1)) });
 * ```
 */
export interface BillingStatsSource {
  billingStats(): BillingStats | Promise<BillingStats>;
}

/**
 * Sums replicated per-user rows into {@link BillingStats}, exactly (integers).
 *
 * @example
 * ```ts
 * declare const rowsByUser: Map<string, ReplicatedBilling>;
 * const stats = aggregateBillingStats(rowsByUser.values());
 * ```
 */
export function aggregateBillingStats(users: Iterable<ReplicatedBilling>): BillingStats {
  let count = 0;
  let sponsors = 0;
  let credited = 0;
  let spent = 0;
  let balance = 0;
  let held = 0;
  for (const user of users) {
    count++;
    if (user.sponsorships.some((s) => s.status === "active" || s.status === "pending_cancellation")) sponsors++;
    credited += user.account.credited;
    spent += user.account.spent;
    balance += user.account.balance;
    held += user.account.held;
  }
  return { users: count, sponsors, credited, spent, balance, held };
}
