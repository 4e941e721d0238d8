import type { MasterShards } from "@userdo/core";
import type { BillingStats, BillingStatsSource } from "./stats.js";

const ACCOUNTS = "_userdo_billing_account";
const SPONSORSHIPS = "_userdo_billing_sponsorships";
/** Most sponsors counted exactly (the master's largest grouped answer). */
const MAX_SPONSORS = 10_000;

// Before the first user replicates, the master has no such table: zero, not an error.
async function orZero<T>(read: Promise<T>, zero: T): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: unknown }).code === "unknown_table") return zero;
    throw error;
  }
}

/**
 * `/admin/stats` from the master: the user class replicates (`static
 * replication = { master: "MASTER", tables: [] }`; the billing plugin adds its
 * account and sponsorship tables), and this sums them across every shard.
 * Sponsors are users with an active or pending-cancellation sponsorship,
 * counted exactly up to 10,000.
 *
 * @example
 * ```ts
 * billingRoutes<Env>({ users, stats: (env) => masterBillingStats(masterShards(env.MASTER, 1)) });
 * ```
 */
export function masterBillingStats(master: MasterShards): BillingStatsSource {
  return {
    async billingStats(): Promise<BillingStats> {
      const sum = (column: string) => orZero(master.sum(ACCOUNTS, column), 0);
      const sponsorsWith = (status: string) =>
        orZero(
          master.sumBy(SPONSORSHIPS, "tier_cents", { where: { status }, groupBy: "_source", limit: MAX_SPONSORS }),
          [],
        );
      const [users, credited, spent, balance, held, active, pending] = await Promise.all([
        orZero(master.count(ACCOUNTS), 0),
        sum("credited"),
        sum("spent"),
        sum("balance"),
        sum("held"),
        sponsorsWith("active"),
        sponsorsWith("pending_cancellation"),
      ]);
      const sponsors = new Set([...active, ...pending].map((group) => String(group.key))).size;
      return { users, sponsors, credited, spent, balance, held };
    },
  };
}
