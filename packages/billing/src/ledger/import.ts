import { type PluginContext, UserDOError } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { ACCOUNT_PAYER, chargeSync } from "./charge.js";
import type { ChargeOutcome, ChargeInput } from "../shared/ledger-types.js";

/** Most charges one import call takes (one transaction; split larger histories). */
export const MAX_IMPORT_CHARGES = 1000;

/** A charge from an earlier system, at the time it happened. */
export interface ImportedCharge extends ChargeInput {
  /** When it happened, in ms since the epoch; not in the future. */
  readonly at: number;
}

/**
 * Imports past charges (a sponsorflare export, or demo history) as if each had
 * been made at its own time: ledger row, daily usage of that day and totals,
 * in time order, idempotent on each key like any charge, all in one
 * transaction. Credit the account first: an import never overdraws either.
 */
export function importChargesSync(
  c: PluginContext,
  settings: BillingSettings,
  charges: readonly ImportedCharge[],
  now: number,
): ChargeOutcome[] {
  if (!Array.isArray(charges) || charges.length > MAX_IMPORT_CHARGES) {
    throw new UserDOError(400, "bad_import", `charges must be an array of at most ${MAX_IMPORT_CHARGES}`);
  }
  let previous = 0;
  for (const charge of charges) {
    if (
      typeof charge !== "object" ||
      charge === null ||
      !Number.isSafeInteger(charge.at) ||
      charge.at < previous ||
      charge.at > now
    ) {
      throw new UserDOError(
        400,
        "bad_import",
        "each charge needs an integer time `at` in ms, in ascending order and not in the future",
      );
    }
    previous = charge.at;
  }
  return charges.map((charge) => chargeSync(c, settings, charge, ACCOUNT_PAYER, charge.at));
}
