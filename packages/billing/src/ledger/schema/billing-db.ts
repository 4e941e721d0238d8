import type { Generated } from "kysely";

/**
 * The billing tables inside each user's object. Every amount is an integer
 * number of micro-dollars (see `money.ts`). Uniqueness is the ledger's memory:
 * `charges.key`, `holds.key`, `credits (source, external_id)` and
 * `events (source, event_id)` make every replay a no-op.
 */
export interface BillingDB {
  /** One row: the account's running totals, kept in step by every write. */
  _userdo_billing_account: {
    id: number;
    /** credited + adjusted - spent */
    balance: number;
    /** lifetime value: everything funding sources paid in */
    credited: number;
    /** charges and settled holds */
    spent: number;
    /** net admin adjustments */
    adjusted: number;
    /** reserved by active holds */
    held: number;
    /** per-user credit limit; null means the plugin's default */
    credit_limit: number | null;
    updated_at: number;
  };
  _userdo_billing_credits: {
    id: Generated<number>;
    source: string;
    external_id: string;
    amount: number;
    at: number;
    metadata: string | null;
  };
  _userdo_billing_charges: {
    id: Generated<number>;
    /** idempotency key; null for the charge that settles a hold (the key is the hold's) */
    key: string | null;
    amount: number;
    source: string | null;
    token_id: string | null;
    hold_id: number | null;
    at: number;
    balance_after: number;
    metadata: string | null;
  };
  _userdo_billing_holds: {
    id: Generated<number>;
    key: string;
    amount: number;
    status: HoldStatus;
    source: string | null;
    token_id: string | null;
    created_at: number;
    expires_at: number;
    closed_at: number | null;
    settled_amount: number | null;
    metadata: string | null;
  };
  _userdo_billing_daily: {
    day: string;
    charges: number;
    spent: number;
    credited: number;
  };
  _userdo_billing_token_spend: {
    token_id: string;
    spent: number;
    held: number;
    charges: number;
    last_at: number;
  };
  _userdo_billing_adjustments: {
    id: Generated<number>;
    key: string;
    amount: number;
    reason: string;
    admin: string;
    at: number;
    balance_after: number;
  };
  _userdo_billing_events: {
    source: string;
    event_id: string;
    kind: string;
    at: number;
  };
  _userdo_billing_sponsorships: {
    id: string;
    tier_cents: number;
    one_time: number;
    status: "active" | "pending_cancellation" | "cancelled";
    created_at: number;
    updated_at: number;
  };
  _userdo_billing_meter: {
    period: string;
    requests: number;
    free_used: number;
  };
  /** Paid work done under a client's idempotency key, and the answer a replay gets (see `ledger/paid.ts`). */
  _userdo_billing_paid: {
    id: Generated<number>;
    key: string;
    /** SHA-256 hex of the request's method, path with query, and body: a key is bound to one request. */
    fingerprint: string;
    /** The hold key of the attempt running (or that ran) the work. */
    attempt: string;
    status: "running" | "done";
    started_at: number;
    finished_at: number | null;
    charge_id: number | null;
    answer_status: number | null;
    answer_type: string | null;
    answer_location: string | null;
    /** The answer body's size in bytes; the body itself is null when it was over the limit kept. */
    answer_size: number | null;
    answer_body: ArrayBuffer | null;
  };
  /** x402 payments this wallet made, claimed before settlement (see `ledger/x402.ts`). */
  _userdo_billing_x402: {
    /** `<network>:<asset>:<payer>:<nonce>`, lowercased: one signed authorization. */
    id: string;
    status: "settling" | "settled" | "failed" | "unknown";
    /** Micro-dollars the payment is worth, credited once it settles. */
    amount: number;
    /** The same in the asset's smallest unit, as the payment signed it. */
    atomic: string;
    network: string;
    /** What it paid for: the request's URL without its query. */
    resource: string;
    transaction_hash: string | null;
    /** Why settlement failed, as the facilitator said. */
    reason: string | null;
    credit_id: number | null;
    started_at: number;
    finished_at: number | null;
  };
  /** Balance keys answered by x402 top-ups: SHA-256 hex of the secret, never the secret. */
  _userdo_billing_x402_keys: {
    hash: string;
    payment: string;
    created_at: number;
  };
}

/** Where a hold is in its life. */
export type HoldStatus = "active" | "settled" | "released" | "expired";
