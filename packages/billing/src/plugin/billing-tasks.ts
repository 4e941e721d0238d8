import { type PluginContext, UserDOError, type When } from "@userdo/core";
import { reconcileSponsors, type ReconcileReport } from "../funding/github-reconcile.js";
import { expireDueHolds } from "../ledger/account.js";
import type { BillingSettings } from "../settings.js";

/** The scheduler key of the reconciliation: scheduling it again changes nothing. */
export const RECONCILE_KEY = "billing:reconcile-sponsors";

/** The scheduler key of a hold's expiry. */
export function holdTaskKey(key: string): string {
  return `billing:hold:${key}`;
}

/**
 * The plugin's scheduled tasks. `expireHolds` runs when a hold falls due, so
 * the totals (and their replicas) stop counting it even if the user makes no
 * further call; `reconcileSponsors` catches missed GitHub deliveries. A task
 * that throws is retried with backoff by the scheduler, then dead-lettered.
 */
export function billingTasks(settings: BillingSettings) {
  return {
    expireHolds(this: PluginContext): number {
      return this.ctx.storage.transactionSync(() => expireDueHolds(this, Date.now()));
    },

    async reconcileSponsors(this: PluginContext): Promise<ReconcileReport> {
      if (!settings.reconcile)
        throw new UserDOError(500, "reconcile_off", "reconciliation is not configured: billing({ reconcile: ... })");
      const report = await reconcileSponsors(this.env, settings.reconcile);
      this.log("info", "billing: sponsors reconciled", report);
      return report;
    },
  };
}

/** Methods that put the plugin's tasks on the object's scheduler. */
export function taskMethods(settings: BillingSettings) {
  return {
    /**
     * Schedules the sponsors reconciliation in this object (once; idempotent on
     * its key). Call it on one well-known object, e.g. at deploy:
     * `await userStub(env.USERS, "billing").billingScheduleReconciliation()`.
     */
    async billingScheduleReconciliation(
      this: PluginContext,
      when: When = { cron: "17 3 * * *" },
    ): Promise<{ readonly id: number; readonly runAt: number }> {
      if (!settings.reconcile)
        throw new UserDOError(500, "reconcile_off", "reconciliation is not configured: billing({ reconcile: ... })");
      const task = await this.schedule(
        when,
        "reconcileSponsors",
        {},
        { key: RECONCILE_KEY, retry: { attempts: 8, backoffMs: 60_000 } },
      );
      return { id: task.id, runAt: task.runAt };
    },
  };
}
