import type { Migration } from "@userdo/core";

/**
 * x402 payments received by this wallet's object (`x402-<address>`): one row
 * per signed payment, unique on (network, asset, payer, nonce), claimed before
 * it is settled so a payload buys one piece of work even when replayed
 * concurrently; and the balance keys a top-up answers (SHA-256 of the secret).
 * Never replicated: they stay in the payer's object.
 */
export const x402Payments: Migration = {
  name: "005_x402",
  up: `
CREATE TABLE _userdo_billing_x402 (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('settling', 'settled', 'failed', 'unknown')),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  atomic TEXT NOT NULL,
  network TEXT NOT NULL,
  resource TEXT NOT NULL,
  transaction_hash TEXT,
  reason TEXT,
  credit_id INTEGER,
  started_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE TABLE _userdo_billing_x402_keys (
  hash TEXT PRIMARY KEY,
  payment TEXT NOT NULL,
  created_at INTEGER NOT NULL
);`,
};
