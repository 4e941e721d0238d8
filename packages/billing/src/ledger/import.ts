import { type PluginContext, UserDOError, parseInput } from "@userdo/core";
import { type ImportedCharge, ImportSchema } from "../shared/inputs.js";
import type { BillingSettings } from "../settings.js";
import { ACCOUNT_PAYER, chargeSync } from "./charge.js";
import type { ChargeOutcome } from "../shared/ledger-types.js";

export { MAX_IMPORT_CHARGES } from "../shared/inputs.js";
export type { ImportedCharge } from "../shared/inputs.js";

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
  parseInput(ImportSchema, charges, { code: "bad_import", root: "charges" });
  let previous = 0;
  for (const charge of charges) {
    if (charge.at < previous || charge.at > now) {
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
