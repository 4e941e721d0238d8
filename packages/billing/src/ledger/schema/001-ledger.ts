import type { Migration } from "@userdo/core";

/** The billing tables and the hold index. */
export const ledgerTables: Migration = {
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
};
