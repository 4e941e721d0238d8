import type { PluginContext } from "@userdo/core";
import {
  type X402ClaimOutcome,
  type X402PaymentView,
  type X402SettledResult,
  claimX402Sync,
  listX402Sync,
  settledX402Sync,
  startWithX402KeySync,
  unsettledX402Sync,
} from "../ledger/x402.js";
import type { PaidStart, PaidStartOutcome } from "../shared/paid-types.js";
import type { X402Claim, X402Settled, X402Unsettled } from "../shared/x402-inputs.js";
import type { BillingSettings } from "../settings.js";

/**
 * The methods `@userdo/billing/x402` calls on a wallet's object
 * (`x402-<address>`), after the facilitator verified the payment: claim (once
 * per signed authorization), then settled (credit, and start the paid work in
 * the same transaction) or unsettled. The paid work then finishes or fails
 * with `billingFinishPaid` / `billingFailPaid`. No x402 code runs here: these
 * are ledger writes.
 *
 * @example
 * ```ts
 * const payment = `eip155:84532:0x036cbd53842c5426634e7929541ec2318f3dcf7e:0x857b06519e91e3a54538791bdbb0e22373e36b66:0x${"ab".repeat(32)}`;
 * const claim = await stub.billingX402Claim({ payment, amount: 10_000, atomic: "10000", network: "eip155:84532", resource: url.href });
 * ```
 */
export function x402Methods(settings: BillingSettings) {
  return {
    /** Claims a verified payment once; a second claim of the same authorization answers `claimed: false`. */
    billingX402Claim(this: PluginContext, claim: X402Claim): X402ClaimOutcome {
      return this.ctx.storage.transactionSync(() => claimX402Sync(this, claim, Date.now()));
    },

    /** The claimed payment settled: credit it, keep a top-up's key, start the paid work. */
    billingX402Settled(this: PluginContext, settled: X402Settled): X402SettledResult {
      return this.ctx.storage.transactionSync(() => settledX402Sync(this, settings, settled, Date.now()));
    },

    /** The claimed payment did not settle (or its outcome is unknown): nothing is credited. */
    billingX402Unsettled(this: PluginContext, unsettled: X402Unsettled): { readonly recorded: true } {
      this.ctx.storage.transactionSync(() => unsettledX402Sync(this, unsettled, Date.now()));
      return { recorded: true };
    },

    /** Starts paid work on the balance for the holder of a top-up's balance key; null for an unknown key. */
    billingX402StartPaid(this: PluginContext, keyHash: string, start: PaidStart): PaidStartOutcome | null {
      return this.ctx.storage.transactionSync(() => startWithX402KeySync(this, settings, keyHash, start, Date.now()));
    },

    /** The wallet's recent x402 payments (settled, failed, unknown), newest first. */
    billingX402Payments(this: PluginContext, limit = 50): X402PaymentView[] {
      return listX402Sync(this, limit);
    },
  };
}
