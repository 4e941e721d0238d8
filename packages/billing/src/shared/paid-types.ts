import type { ChargeRefusal } from "./ledger-types.js";
import type { Metadata } from "./validate.js";

/** Paid work about to run: what it costs, and the client's key that makes a retry a replay. */
export interface PaidStart {
  /** The client's idempotency key, or null: then the work is charged once and never replayed. */
  readonly key: string | null;
  /** SHA-256 hex of the request (method, path with query, body): required with a key, null without. */
  readonly fingerprint: string | null;
  /** Micro-dollars reserved now and charged when the work succeeds (at least 1). */
  readonly amount: number;
  readonly source?: string | null;
  readonly metadata?: Metadata | null;
  /** How long the work may run before the reservation lapses and the key is free again (default 5 minutes). */
  readonly leaseMs?: number;
}

/** An answer of paid work, as kept for replays: status, two headers, and the body unless it was too large. */
export interface PaidAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly location: string | null;
  /** The body's size in bytes. */
  readonly size: number;
  /** The body, or null when it was larger than the limit kept (a replay then says "already done"). */
  readonly body: ArrayBuffer | null;
}

/** The work may run: `attempt` finishes or fails it. */
export interface PaidStarted {
  readonly state: "started";
  readonly attempt: string;
  readonly amount: number;
  /** The balance once this work is charged. */
  readonly balance: number;
  /** What stays available while the work runs. */
  readonly available: number;
}

/** The key's work was done before: answer this, run nothing. */
export interface PaidReplayed {
  readonly state: "replayed";
  readonly answer: PaidAnswer;
  readonly finishedAt: number;
}

/** The balance (or a token's budget) does not cover the work: nothing was written. */
export interface PaidRefused {
  readonly state: "refused";
  readonly refusal: ChargeRefusal;
}

/** What starting paid work answers. A key in use by another request, or still running, throws a 409. */
export type PaidStartOutcome = PaidStarted | PaidReplayed | PaidRefused;

/** What finishing paid work did. */
export interface PaidFinished {
  /** Micro-dollars charged (0 when the work outlived its reservation and the balance no longer covered it). */
  readonly charged: number;
  readonly chargeId: number | null;
  readonly balance: number;
  /** True when the answer was kept for replays (the work had a key). */
  readonly kept: boolean;
}
