import type { Migration } from "@userdo/core";

/**
 * Paid work under an idempotency key (paid() in the Worker): the key is
 * reserved while the work runs, bound to its request by a fingerprint,
 * and keeps the answer a replay gets. Never replicated: answers are the
 * user's own data.
 */
export const paidWork: Migration = {
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
};
