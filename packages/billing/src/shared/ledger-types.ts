/** Why a charge (or hold, or metered request) was refused. */
export type RefusalReason = "insufficient_funds" | "token_budget_exceeded" | "limit_exceeded";

/** A successful charge, or the first result of a replayed key. */
export interface ChargeReceipt {
  readonly charged: true;
  /** Micro-dollars debited by this charge (0 for a free metered request). */
  readonly amount: number;
  /** Balance right after the charge (for a replay: after the first one). */
  readonly balance: number;
  /** The charge's idempotency key (null for a charge without one, and for a settled hold's: its key is the hold's). */
  readonly key: string | null;
  readonly chargeId: number;
  readonly at: number;
  /** True when the key was seen before: nothing was charged this time. */
  readonly replayed: boolean;
}

/** A refused charge: nothing was written. */
export interface ChargeRefusal {
  readonly charged: false;
  readonly reason: RefusalReason;
  readonly message: string;
  readonly amount: number;
  readonly balance: number;
  /** What could be spent right now: balance - held + credit limit. */
  readonly available: number;
}

/** What a charge call answers. */
export type ChargeOutcome = ChargeReceipt | ChargeRefusal;

/** A metered request let through, with what is left of the free quota. */
export interface MeterReceipt extends ChargeReceipt {
  /** The period counted in: `YYYY-MM-DD` or `YYYY-MM` (UTC). */
  readonly period: string;
  /** Free requests left in this period. */
  readonly remainingFree: number;
}

/** A metered request: let through (free or paid) or refused with `limit_exceeded`. */
export type MeterOutcome = MeterReceipt | ChargeRefusal;

/** What one charge asks for: its type is its schema's ({@link ChargeInputSchema}). */
export type { ChargeInput } from "./inputs.js";

/** Who pays, as far as the ledger cares: an API token's budget is enforced per token. */
export interface Payer {
  readonly tokenId: string | null;
  readonly budget: number | null;
}

/** The account's running totals. */
export interface AccountView {
  /** credited + adjusted - spent */
  readonly balance: number;
  /** Lifetime value: everything funding sources paid in. */
  readonly credited: number;
  /** Total spent: charges and settled holds. */
  readonly spent: number;
  /** Net admin adjustments. */
  readonly adjusted: number;
  /** Reserved by active holds. */
  readonly held: number;
  /** How far below zero the balance may go (the user's, or the plugin's default). */
  readonly creditLimit: number;
  /** balance - held + creditLimit */
  readonly available: number;
}

/** One user's billing rows that replicate: account totals and sponsorship states. */
export interface ReplicatedBilling {
  readonly account: {
    readonly balance: number;
    readonly credited: number;
    readonly spent: number;
    readonly held: number;
  };
  readonly sponsorships: readonly { readonly status: string }[];
}
