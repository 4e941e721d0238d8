import type { PluginContext } from "@userdo/core";
import { expireDueHolds, loadAccount, viewAccount } from "../ledger/account.js";
import { type AdjustInput, type AdjustResult, adjustSync, setCreditLimitSync } from "../ledger/adjust.js";
import { type CreditInput, type CreditResult, creditSync } from "../ledger/credit.js";
import { ledgerSums } from "../ledger/queries/account-queries.js";
import { creditBySource } from "../ledger/queries/credit-queries.js";
import { sponsorshipStatuses } from "../ledger/queries/sponsorship-queries.js";
import type { AccountView, ReplicatedBilling } from "../shared/ledger-types.js";
import type { BillingSettings } from "../settings.js";

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

/**
 * Money in, admin corrections and audits: methods for trusted Worker code
 * (funding webhooks, admin routes after their own checks, scripts).
 *
 * @example
 * ```ts
 * await userStub(env.USERS, "583231").billingCredit({ source: "stripe", externalId: "cs_123", amount: 5_000_000 });
 * ```
 */
export function accountMethods(settings: BillingSettings) {
  return {
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
