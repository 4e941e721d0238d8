import { type PluginContext, UserDOError } from "@userdo/core";
import { expireDueHolds, loadAccount, viewAccount } from "../ledger/account.js";
import { ACCOUNT_PAYER, chargeOnce } from "../ledger/charge.js";
import { type HoldInput, type HoldOutcome, holdSync, releaseSync, settleSync } from "../ledger/holds.js";
import { type ImportedCharge, importChargesSync } from "../ledger/import.js";
import { type MeterOutcome, type Work, meterSync, workCost } from "../ledger/metering.js";
import type { HoldStatus } from "../ledger/schema.js";
import type { AccountView, ChargeInput, ChargeOutcome, ChargeReceipt } from "../ledger/types.js";
import { type Usage, type UsageQuery, readUsage } from "../ledger/usage.js";
import type { BillingSettings } from "../settings.js";
import { holdTaskKey } from "./billing-tasks.js";

/** A charge priced by the work a request caused. */
export interface WorkCharge extends Work {
  readonly key: string;
  readonly source?: string | null;
}

/**
 * The ledger's methods for code that already knows who pays: the object's own
 * methods, and trusted Worker code over RPC (webhooks, admin routes after
 * their own checks, a hosting platform's metering, an app with its own
 * login). The account is the object's own: attach the plugin to the object
 * that is one per paying user.
 *
 * @example
 * ```ts
 * const outcome = await userStub(env.USERS, "583231").billingChargeAccount({ amount: 100, key: "order-7" });
 * ```
 */
export function ledgerMethods(settings: BillingSettings) {
  return {
    /** Charges this account: the first result of a key on a replay, a refusal (nothing written) when not covered. */
    billingChargeAccount(this: PluginContext, input: ChargeInput): ChargeOutcome {
      return chargeOnce(this, settings, input, ACCOUNT_PAYER);
    },

    /** Charges by rows read and written, at the plugin's `workPrices`. Callable from the object's own methods. */
    billingChargeWork(this: PluginContext, work: WorkCharge): ChargeOutcome {
      if (!settings.workPrices)
        throw new UserDOError(500, "work_pricing_off", "work pricing is not configured: billing({ workPrices: ... })");
      const amount = workCost(settings.workPrices, work);
      const input = {
        amount,
        key: work.key,
        source: work.source ?? null,
        metadata: { rowsRead: work.rowsRead, rowsWritten: work.rowsWritten },
      };
      return chargeOnce(this, settings, input, ACCOUNT_PAYER);
    },

    /**
     * Reserves an amount of this account until the real cost is known. The
     * hold's expiry is put on the scheduler, so it frees itself on time.
     */
    async billingHold(this: PluginContext, input: HoldInput): Promise<HoldOutcome> {
      const outcome = this.ctx.storage.transactionSync(() =>
        holdSync(this, settings, input, ACCOUNT_PAYER, Date.now()),
      );
      await scheduleExpiry(this, outcome);
      return outcome;
    },

    /** Settles a hold at its real cost (at most the amount held). */
    async billingSettle(this: PluginContext, key: string, amount: number): Promise<ChargeReceipt> {
      const receipt = this.ctx.storage.transactionSync(() => settleSync(this, key, amount, Date.now()));
      await this.cancelTask(holdTaskKey(key));
      return receipt;
    },

    /** Releases a hold (the work failed): its reservation returns. */
    async billingRelease(
      this: PluginContext,
      key: string,
    ): Promise<{ readonly key: string; readonly status: HoldStatus }> {
      const released = this.ctx.storage.transactionSync(() => releaseSync(this, key, Date.now()));
      await this.cancelTask(holdTaskKey(key));
      return released;
    },

    /** This account's balance and totals. */
    billingAccount(this: PluginContext): AccountView {
      return this.ctx.storage.transactionSync(() => {
        expireDueHolds(this, Date.now());
        return viewAccount(loadAccount(this), settings);
      });
    },

    /** This account's daily usage and a page of recent charges. */
    billingUsage(this: PluginContext, query: UsageQuery = {}): Usage {
      return readUsage(this, settings, query, Date.now());
    },

    /** Imports past charges at their own times (a migration from sponsorflare), idempotent on each key. */
    billingImportCharges(this: PluginContext, charges: readonly ImportedCharge[]): ChargeOutcome[] {
      return this.ctx.storage.transactionSync(() => importChargesSync(this, settings, charges, Date.now()));
    },

    /**
     * Counts one request against the metering plan (free quota, then paid),
     * before it is forwarded. `key` null: the request counts on its own; a
     * trusted caller's key metered twice is a 409 `already_metered`.
     */
    billingMeter(this: PluginContext, key: string | null = null, source: string | null = null): MeterOutcome {
      return this.ctx.storage.transactionSync(() => meterSync(this, settings, key, source, ACCOUNT_PAYER, Date.now()));
    },
  };
}

/** Puts a new hold's expiry on the scheduler (a replayed hold has its task already). */
export async function scheduleExpiry(c: PluginContext, outcome: HoldOutcome): Promise<void> {
  if ("held" in outcome && !outcome.replayed) {
    await c.schedule(new Date(outcome.expiresAt), "expireHolds", {}, { key: holdTaskKey(outcome.key) });
  }
}
