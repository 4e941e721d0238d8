import { type PluginContext, UserDOError, parseInput } from "@userdo/core";
import * as v from "valibot";
import { expireDueHolds, loadAccount, viewAccount } from "../ledger/account.js";
import { ACCOUNT_PAYER, chargeOnce } from "../ledger/charge.js";
import { type HoldInput, type HoldOutcome, holdSync, releaseSync, settleSync } from "../ledger/holds.js";
import { type ImportedCharge, importChargesSync } from "../ledger/import.js";
import { type Work, meterSync, workCost } from "../ledger/metering.js";
import type { MeterOutcome } from "../shared/ledger-types.js";
import type { HoldStatus } from "../ledger/schema/billing-db.js";
import type { AccountView, ChargeInput, ChargeOutcome, ChargeReceipt } from "../shared/ledger-types.js";
import { type Usage, type UsageQuery, readUsage } from "../ledger/usage.js";
import { alreadyCharged, PaymentRequiredError } from "../ledger/charge-errors.js";
import type { Metadata } from "../shared/validate.js";
import { type Microdollars, assertAmount } from "../shared/money.js";
import type { BillingSettings } from "../settings.js";
import { holdTaskKey } from "./billing-tasks.js";

// An object, whatever its fields: each is checked where it is used.
const AnyObject = v.object({});

/**
 * A charge made inside the object's own method: an amount, or the work the
 * call did priced at the plugin's `workPrices`.
 */
export type ObjectCharge = (
  | { readonly amount: Microdollars; readonly work?: undefined }
  | { readonly work: Work; readonly amount?: undefined }
) & {
  /** An idempotency key, when a retry of the call must not charge twice; default none. */
  readonly key?: string | null;
  /** What the charge is for (a label or URL), shown in usage. */
  readonly source?: string | null;
  readonly metadata?: Metadata | null;
};

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
    /**
     * Charges this account inside your own method, in the same transaction as
     * its work: the atomic way. It throws when it does not charge, so the
     * work rolls back with it: a 402 {@link PaymentRequiredError} when the
     * balance does not cover it, a 409 `already_charged` when its key was
     * charged before (the work of a key is done once), a 400 for bad input.
     *
     * @example
     * ```ts
     * class NotesDO extends withPlugins(UserDO, billing()) {
     *   addNote(text: string, key: string) {
     *     return this.ctx.storage.transactionSync(() => {
     *       this.billingCharge({ amount: cents(1), key }); // throws: nothing below is written
     *       return this.sync.exec("INSERT INTO note (text) VALUES (?)", text).rowsWritten;
     *     });
     *   }
     * }
     * ```
     */
    billingCharge(this: PluginContext, input: ObjectCharge): ChargeReceipt {
      parseInput(AnyObject, input, { root: "the charge" });
      let amount = input.amount;
      let metadata = input.metadata ?? null;
      if (input.work !== undefined) {
        if (!settings.workPrices)
          throw new UserDOError(
            500,
            "work_pricing_off",
            "work pricing is not configured: billing({ workPrices: ... })",
          );
        amount = workCost(settings.workPrices, input.work);
        metadata = { ...metadata, rowsRead: input.work.rowsRead, rowsWritten: input.work.rowsWritten };
      }
      assertAmount(amount, "amount");
      const charge = { amount, key: input.key ?? null, source: input.source ?? null, metadata };
      const outcome = chargeOnce(this, settings, charge, ACCOUNT_PAYER);
      if (!outcome.charged) throw new PaymentRequiredError(outcome);
      if (outcome.replayed) throw alreadyCharged();
      return outcome;
    },

    /**
     * Charges this account and answers what happened instead of throwing: the
     * first result of a key on a replay (`replayed: true`: do not redo its
     * work), a refusal (nothing written) when not covered. For trusted code
     * that decides itself.
     */
    billingChargeAccount(this: PluginContext, input: ChargeInput): ChargeOutcome {
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
