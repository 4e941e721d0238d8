import type { Credential } from "@userdo/auth";
import type { PluginContext } from "@userdo/core";
import { expireDueHolds, loadAccount, viewAccount } from "../../ledger/account.js";
import { chargeSync } from "../../ledger/charge.js";
import { type HoldInput, type HoldOutcome, holdSync } from "../../ledger/holds.js";
import { startPaidSync } from "../../ledger/paid.js";
import type { PaidStart, PaidStartOutcome } from "../../shared/paid-types.js";
import type { AccountView, ChargeInput, ChargeOutcome } from "../../shared/ledger-types.js";
import { type Usage, type UsageQuery, readUsage } from "../../ledger/usage.js";
import { scheduleExpiry } from "../../plugin/ledger-methods.js";
import type { BillingSettings } from "../../settings.js";
import { type CallOptions, type PaidCall, payerOf, withCredential } from "./paid-call.js";

/**
 * The methods that take the caller's session or API token (a `Credential` of
 * `@userdo/auth`), verify it and act in ONE transaction, so a paid request is
 * one object call. A token's scopes are checked and its budget enforced here.
 * The Worker helpers of `@userdo/billing/auth` call them.
 *
 * @example
 * ```ts
 * const call = await userStub(env.USERS, credential.user).billingChargeAs(credential, { amount: 100, key: "order-7" });
 * if (call.authenticated && call.result.charged) console.log(call.result.balance);
 * ```
 */
export function callerMethods(settings: BillingSettings) {
  return {
    /** Verifies the caller and charges them, in one transaction. */
    billingChargeAs(
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
    async billingHoldAs(
      this: PluginContext,
      credential: Credential,
      input: HoldInput,
      options?: CallOptions,
    ): Promise<PaidCall<HoldOutcome>> {
      const call = withCredential(this, settings, credential, options, (identity, now) =>
        holdSync(this, settings, input, payerOf(identity), now),
      );
      if (call.authenticated) await scheduleExpiry(this, call.result);
      return call;
    },

    /**
     * Verifies the caller and starts paid work they pay for (see
     * `billingStartPaid`): a token's scope and budget count, a replay of a
     * done key answers its kept answer.
     */
    billingStartPaidAs(
      this: PluginContext,
      credential: Credential,
      input: PaidStart,
      options?: CallOptions,
    ): PaidCall<PaidStartOutcome> {
      return withCredential(this, settings, credential, options, (identity, now) =>
        startPaidSync(this, settings, input, payerOf(identity), now),
      );
    },

    /** The caller's balance and totals. */
    billingAccountAs(this: PluginContext, credential: Credential, options?: CallOptions): PaidCall<AccountView> {
      return withCredential(this, settings, credential, options, (_identity, now) => {
        expireDueHolds(this, now);
        return viewAccount(loadAccount(this), settings);
      });
    },

    /** The caller's daily usage and a page of recent charges. */
    billingUsageAs(
      this: PluginContext,
      credential: Credential,
      query: UsageQuery = {},
      options?: CallOptions,
    ): PaidCall<Usage> {
      return withCredential(this, settings, credential, options, (_identity, now) =>
        readUsage(this, settings, query, now),
      );
    },
  };
}
