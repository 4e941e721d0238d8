import type { Migration } from "@userdo/core";
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
}

/** Where a hold is in its life. */
export type HoldStatus = "active" | "settled" | "released" | "expired";

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
  {
    name: "001_ledger",
    up: `
CREATE TABLE _userdo_billing_account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  balance INTEGER NOT NULL DEFAULT 0,
  credited INTEGER NOT NULL DEFAULT 0 CHECK (credited >= 0),
  spent INTEGER NOT NULL DEFAULT 0 CHECK (spent >= 0),
  adjusted INTEGER NOT NULL DEFAULT 0,
  held INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
  credit_limit INTEGER CHECK (credit_limit >= 0),
  updated_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO _userdo_billing_account (id) VALUES (1);
CREATE TABLE _userdo_billing_credits (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  at INTEGER NOT NULL,
  metadata TEXT,
  UNIQUE (source, external_id)
);
CREATE TABLE _userdo_billing_charges (
  id INTEGER PRIMARY KEY,
  key TEXT UNIQUE,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  source TEXT,
  token_id TEXT,
  hold_id INTEGER,
  at INTEGER NOT NULL,
  balance_after INTEGER NOT NULL,
  metadata TEXT
);
CREATE TABLE _userdo_billing_holds (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  amount INTEGER NOT NULL CHECK (amount > 0),
  status TEXT NOT NULL CHECK (status IN ('active', 'settled', 'released', 'expired')),
  source TEXT,
  token_id TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  closed_at INTEGER,
  settled_amount INTEGER,
  metadata TEXT
);
CREATE INDEX _userdo_billing_holds_active ON _userdo_billing_holds (expires_at) WHERE status = 'active';
CREATE TABLE _userdo_billing_daily (
  day TEXT PRIMARY KEY,
  charges INTEGER NOT NULL DEFAULT 0,
  spent INTEGER NOT NULL DEFAULT 0,
  credited INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE _userdo_billing_token_spend (
  token_id TEXT PRIMARY KEY,
  spent INTEGER NOT NULL DEFAULT 0,
  -- no CHECK here: an upsert checks its VALUES row (a negative delta) before it updates
  held INTEGER NOT NULL DEFAULT 0,
  charges INTEGER NOT NULL DEFAULT 0,
  last_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE _userdo_billing_adjustments (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  amount INTEGER NOT NULL,
  reason TEXT NOT NULL,
  admin TEXT NOT NULL,
  at INTEGER NOT NULL,
  balance_after INTEGER NOT NULL
);
CREATE TABLE _userdo_billing_events (
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (source, event_id)
) WITHOUT ROWID;
-- A rowid table (not WITHOUT ROWID): it replicates, and replication identifies rows by rowid.
CREATE TABLE _userdo_billing_sponsorships (
  id TEXT PRIMARY KEY,
  tier_cents INTEGER NOT NULL CHECK (tier_cents >= 0),
  one_time INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE _userdo_billing_meter (
  period TEXT PRIMARY KEY,
  requests INTEGER NOT NULL DEFAULT 0,
  free_used INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;`,
  },
  {
    // Each ledger row moves the running totals, its day's aggregate and its
    // token's spend inside the INSERT that writes it. A statement sent from
    // JavaScript costs about as much as a small write itself (it crosses into
    // the runtime and back), so a charge's five statements became one; the
    // trigger bodies run inside SQLite. Holds still move `held` from
    // JavaScript (their status changes are not inserts). `at` is never
    // negative (Date.now(), or an import's time, checked >= 0), so integer
    // division gives the UTC second and `date()` the same day as utcDay().
    name: "002_totals_by_trigger",
    up: `
CREATE TRIGGER _userdo_billing_charges_totals AFTER INSERT ON _userdo_billing_charges BEGIN
  UPDATE _userdo_billing_account SET balance = balance - NEW.amount, spent = spent + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, charges, spent) VALUES (date(NEW.at / 1000, 'unixepoch'), 1, NEW.amount)
    ON CONFLICT (day) DO UPDATE SET charges = charges + 1, spent = spent + excluded.spent;
END;
CREATE TRIGGER _userdo_billing_charges_token_spend AFTER INSERT ON _userdo_billing_charges WHEN NEW.token_id IS NOT NULL BEGIN
  INSERT INTO _userdo_billing_token_spend (token_id, spent, held, charges, last_at) VALUES (NEW.token_id, NEW.amount, 0, 1, NEW.at)
    ON CONFLICT (token_id) DO UPDATE SET spent = spent + excluded.spent, charges = charges + 1, last_at = excluded.last_at;
END;
CREATE TRIGGER _userdo_billing_credits_totals AFTER INSERT ON _userdo_billing_credits BEGIN
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, credited = credited + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, credited) VALUES (date(NEW.at / 1000, 'unixepoch'), NEW.amount)
    ON CONFLICT (day) DO UPDATE SET credited = credited + excluded.credited;
END;
CREATE TRIGGER _userdo_billing_adjustments_totals AFTER INSERT ON _userdo_billing_adjustments BEGIN
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, adjusted = adjusted + NEW.amount, updated_at = NEW.at WHERE id = 1;
END;`,
  },
  {
    // The account row is written when money first moves (or a limit is set),
    // not when the object is first woken: an object woken only to refuse a
    // forged credential then holds no row, so nothing of it replicates to the
    // master (no account, no registry entry). Reads treat a missing row as
    // all zeros. An untouched row of an existing object is removed (its
    // removal replicates like any delete).
    name: "003_account_on_first_use",
    up: `
DELETE FROM _userdo_billing_account
  WHERE id = 1 AND balance = 0 AND credited = 0 AND spent = 0 AND adjusted = 0 AND held = 0 AND credit_limit IS NULL;
DROP TRIGGER _userdo_billing_charges_totals;
DROP TRIGGER _userdo_billing_credits_totals;
DROP TRIGGER _userdo_billing_adjustments_totals;
CREATE TRIGGER _userdo_billing_charges_totals AFTER INSERT ON _userdo_billing_charges BEGIN
  INSERT INTO _userdo_billing_account (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
  UPDATE _userdo_billing_account SET balance = balance - NEW.amount, spent = spent + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, charges, spent) VALUES (date(NEW.at / 1000, 'unixepoch'), 1, NEW.amount)
    ON CONFLICT (day) DO UPDATE SET charges = charges + 1, spent = spent + excluded.spent;
END;
CREATE TRIGGER _userdo_billing_credits_totals AFTER INSERT ON _userdo_billing_credits BEGIN
  INSERT INTO _userdo_billing_account (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, credited = credited + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, credited) VALUES (date(NEW.at / 1000, 'unixepoch'), NEW.amount)
    ON CONFLICT (day) DO UPDATE SET credited = credited + excluded.credited;
END;
CREATE TRIGGER _userdo_billing_adjustments_totals AFTER INSERT ON _userdo_billing_adjustments BEGIN
  INSERT INTO _userdo_billing_account (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, adjusted = adjusted + NEW.amount, updated_at = NEW.at WHERE id = 1;
END;`,
  },
  {
    // Paid work under an idempotency key (paid() in the Worker): the key is
    // reserved while the work runs, bound to its request by a fingerprint,
    // and keeps the answer a replay gets. Never replicated: answers are the
    // user's own data.
    name: "004_paid_work",
    up: `
CREATE TABLE _userdo_billing_paid (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  fingerprint TEXT NOT NULL,
  attempt TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('running', 'done')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  charge_id INTEGER,
  answer_status INTEGER,
  answer_type TEXT,
  answer_location TEXT,
  answer_size INTEGER,
  answer_body BLOB
);
CREATE INDEX _userdo_billing_paid_done ON _userdo_billing_paid (finished_at) WHERE status = 'done';`,
  },
];
