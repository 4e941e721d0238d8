import type { PluginContext } from "@userdo/core";
import { ACCOUNT_PAYER } from "../ledger/charge.js";
import { failPaidSync, finishPaidSync, startPaidSync } from "../ledger/paid.js";
import type { PaidAnswer, PaidFinished, PaidStart, PaidStartOutcome } from "../shared/paid-types.js";
import type { BillingSettings } from "../settings.js";

/**
 * Paid work in three steps, for `paid()` in the Worker: start (reserve the
 * price under the client's key, or answer the key's kept answer), then the
 * work runs in the Worker, then finish (charge and keep the answer, in one
 * transaction) or fail (release, so a retry may run). The reservation is a
 * hold: a Worker that dies mid-work leaves a hold that lapses after the lease,
 * which frees the key.
 *
 * @example
 * ```ts
 * const start = await stub.billingStartPaid({ key: null, fingerprint: null, amount: 10_000 });
 * if (start.state === "started") await stub.billingFinishPaid(start.attempt, { status: 200, contentType: null, location: null, size: 0, body: null });
 * ```
 */
export function paidMethods(settings: BillingSettings) {
  return {
    /** Starts paid work charged to this account (the app knows the payer). */
    billingStartPaid(this: PluginContext, input: PaidStart): PaidStartOutcome {
      return this.ctx.storage.transactionSync(() => startPaidSync(this, settings, input, ACCOUNT_PAYER, Date.now()));
    },

    /** The work succeeded: charge it and keep its answer for replays of its key. */
    billingFinishPaid(this: PluginContext, attempt: string, answer: PaidAnswer): PaidFinished {
      return this.ctx.storage.transactionSync(() => finishPaidSync(this, settings, attempt, answer, Date.now()));
    },

    /** The work failed: release its reservation and free its key. */
    billingFailPaid(this: PluginContext, attempt: string): { readonly released: true } {
      return this.ctx.storage.transactionSync(() => failPaidSync(this, attempt, Date.now()));
    },
  };
}
