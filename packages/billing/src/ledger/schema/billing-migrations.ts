import type { Migration } from "@userdo/core";
import { ledgerTables } from "./001-ledger.js";
import { totalsByTrigger } from "./002-totals-by-trigger.js";
import { accountOnFirstUse } from "./003-account-on-first-use.js";
import { paidWork } from "./004-paid-work.js";
import { x402Payments } from "./005-x402.js";

/**
 * The plugin's schema history, applied by `billing()` under the namespace
 * "billing". Append; never edit an applied one.
 *
 * @example
 * ```ts
 * await stub.migrationsApplied(); // [..., { id: "billing/001_ledger", ... }]
 * ```
 */
export const billingMigrations: readonly Migration[] = [
  ledgerTables,
  totalsByTrigger,
  accountOnFirstUse,
  paidWork,
  x402Payments,
];
