import type { Credential } from "@userdo/auth";
import { type PluginContext, UserDOError } from "@userdo/core";
import { expireDueHolds, loadAccount, viewAccount } from "../ledger/account.js";
import { type AdjustInput, type AdjustResult, adjustSync, setCreditLimitSync } from "../ledger/adjust.js";
import { ACCOUNT_PAYER, chargeOnce, chargeSync } from "../ledger/charge.js";
import { type CreditInput, type CreditResult, creditSync } from "../ledger/credit.js";
import { type HoldInput, type HoldOutcome, holdSync, releaseSync, settleSync } from "../ledger/holds.js";
import { type MeterOutcome, type Work, meterSync, workCost } from "../ledger/metering.js";
import { type ImportedCharge, importChargesSync } from "../ledger/import.js";
import { creditBySource, ledgerSums, sponsorshipStatuses } from "../ledger/queries.js";
import type { HoldStatus } from "../ledger/schema.js";
import type { AccountView, ChargeInput, ChargeOutcome, ChargeReceipt, ReplicatedBilling } from "../ledger/types.js";
import { type Usage, type UsageQuery, readUsage } from "../ledger/usage.js";
import type { BillingSettings } from "../settings.js";
import { holdTaskKey } from "./billing-tasks.js";
import { type CallOptions, type PaidCall, payerOf, withCredential } from "./paid-call.js";

/** The ledger's totals next to sums computed from its rows: equal unless something is wrong. */
export interface LedgerAudit {
  readonly account: AccountView;
  readonly rows: {
    readonly credited: number;
    readonly spent: number;
    readonly adjusted: number;
    readonly held: number;
    readonly charges: number;
    readonly dailyCharges: number;
    readonly dailySpent: number;
  };
}

/** A charge priced by the work a request caused. */
export interface WorkCharge extends Work {
  readonly key: string;
  readonly source?: string | null;
}

/**
 * The ledger's RPC methods, made for one set of settings. Methods that take a
 * `Credential` verify it and act in one transaction (one object call per paid
 * request); the others are for trusted Worker code (webhooks, admin routes
 * after their own checks, metering by a hosting platform).
 *
 * @example
 * ```ts
 * const call = await userStub(env.USERS, credential.user).billingCharge(credential, { amount: 100, key });
 * if (call.authenticated && call.result.charged) console.log(call.result.balance);
 * ```
 */
export function ledgerMethods(settings: BillingSettings) {
  return {
    /** Verifies the caller and charges them, in one transaction. */
    billingCharge(
      this: PluginContext,
      credential: Credential,
      input: ChargeInput,
      options?: CallOptions,
    ): PaidCall<ChargeOutcome> {
      return withCredential(this, settings, credential, options, (identity, now) =>
        chargeSync(this, settings, input, payerOf(identity), now),
      );
    },

    /**
     * Verifies the caller and reserves an amount until the real cost is known.
     * The hold's expiry is put on the scheduler, so it frees itself on time.
     */
    async billingHold(
      this: PluginContext,
      credential: Credential,
      input: HoldInput,
      options?: CallOptions,
    ): Promise<PaidCall<HoldOutcome>> {
      const call = withCredential(this, settings, credential, options, (identity, now) =>
        holdSync(this, settings, input, payerOf(identity), now),
      );
      if (call.authenticated && "held" in call.result && !call.result.replayed) {
        await this.schedule(new Date(call.result.expiresAt), "expireHolds", {}, { key: holdTaskKey(call.result.key) });
      }
      return call;
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

    /** The caller's balance and totals. */
    billingAccount(this: PluginContext, credential: Credential, options?: CallOptions): PaidCall<AccountView> {
      return withCredential(this, settings, credential, options, (_identity, now) => {
        expireDueHolds(this, now);
        return viewAccount(loadAccount(this), settings);
      });
    },

    /** The caller's daily usage and a page of recent charges. */
    billingUsage(this: PluginContext, credential: Credential, query: UsageQuery = {}): PaidCall<Usage> {
      return withCredential(this, settings, credential, undefined, (_identity, now) =>
        readUsage(this, settings, query, now),
      );
    },

    /** Charges this account without a credential: for trusted code that already knows the payer. */
    billingChargeAccount(this: PluginContext, input: ChargeInput): ChargeOutcome {
      return chargeOnce(this, settings, input, ACCOUNT_PAYER);
    },

    /** Imports past charges at their own times (a migration from sponsorflare), idempotent on each key. */
    billingImportCharges(this: PluginContext, charges: readonly ImportedCharge[]): ChargeOutcome[] {
      return this.ctx.storage.transactionSync(() => importChargesSync(this, settings, charges, Date.now()));
    },

    /** Counts one request against the metering plan (free quota, then paid), before it is forwarded. */
    billingMeter(this: PluginContext, key: string, source: string | null = null): MeterOutcome {
      return this.ctx.storage.transactionSync(() => meterSync(this, settings, key, source, ACCOUNT_PAYER, Date.now()));
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

    /** Credits money paid in, once per (source, external id). */
    billingCredit(this: PluginContext, input: CreditInput): CreditResult {
      return this.ctx.storage.transactionSync(() => creditSync(this, input, Date.now()));
    },

    /** Whether a funding source's payment was credited (a success page reads this; it never credits). */
    billingCreditStatus(
      this: PluginContext,
      source: string,
      externalId: string,
    ): { readonly credited: boolean; readonly amount: number; readonly balance: number } {
      const row = this.sync.first(creditBySource, { source, externalId });
      return { credited: row !== undefined, amount: row?.amount ?? 0, balance: loadAccount(this).balance };
    },

    /** An admin's adjustment, with its reason, audit-logged. The Worker checks the admin first. */
    billingAdjust(this: PluginContext, input: AdjustInput): AdjustResult {
      return this.ctx.storage.transactionSync(() => adjustSync(this, input, Date.now()));
    },

    /** Sets this user's own credit limit (null: back to the plugin's default). */
    billingSetCreditLimit(this: PluginContext, limit: number | null, admin: string): AccountView {
      return this.ctx.storage.transactionSync(() => {
        setCreditLimitSync(this, limit, admin, Date.now());
        return viewAccount(loadAccount(this), settings);
      });
    },

    /** Expires due holds now (also done at the start of every ledger write). */
    billingExpireHolds(this: PluginContext): number {
      return this.ctx.storage.transactionSync(() => expireDueHolds(this, Date.now()));
    },

    /** This user's rows that replicate (account totals, sponsorship states): what an aggregate sums for `/admin/stats`. */
    billingSnapshot(this: PluginContext): ReplicatedBilling {
      const account = loadAccount(this);
      const sponsorships = this.sync.all(sponsorshipStatuses, {});
      return {
        account: { balance: account.balance, credited: account.credited, spent: account.spent, held: account.held },
        sponsorships,
      };
    },

    /** Running totals next to sums of the ledger rows (scans; for audits and tests). */
    billingAudit(this: PluginContext): LedgerAudit {
      return { account: viewAccount(loadAccount(this), settings), rows: this.sync.first(ledgerSums, {})! };
    },
  };
}
