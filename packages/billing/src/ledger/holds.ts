import { UserDOError, type PluginContext, parseInput } from "@userdo/core";
import { assertAmount } from "../shared/money.js";
import type { BillingSettings } from "../settings.js";
import { expireDueHolds, loadAccount, moveHeld, viewAccount } from "./account.js";
import { debit, refusalFor } from "./charge.js";
import { chargeByHold } from "./queries/charge-queries.js";
import { closeHold, holdByKey, insertHold } from "./queries/hold-queries.js";
import type { Selectable } from "kysely";
import type { BillingDB, HoldStatus } from "./schema/billing-db.js";
import type { ChargeReceipt, ChargeRefusal, Payer } from "../shared/ledger-types.js";
import { type HoldInput, HoldInputSchema } from "../shared/inputs.js";
import { assertKey } from "../shared/validate.js";

type HoldRow = Selectable<BillingDB["_userdo_billing_holds"]>;

/** What a hold asks for: reserve `amount` now, settle the real cost later ({@link HoldInputSchema}). */
export type { HoldInput } from "../shared/inputs.js";

/** A hold as it stands. */
export interface HoldReceipt {
  readonly held: true;
  readonly key: string;
  readonly amount: number;
  readonly status: HoldStatus;
  readonly expiresAt: number;
  /** Micro-dollars the settlement charged, once settled. */
  readonly settled: number | null;
  readonly balance: number;
  readonly available: number;
  /** True when the key was seen before: nothing new was reserved. */
  readonly replayed: boolean;
}

/** A hold, or why it could not be made (nothing written). */
export type HoldOutcome = HoldReceipt | ChargeRefusal;

/** Reserves `amount` against the balance. Inside `transactionSync`. */
export function holdSync(
  c: PluginContext,
  settings: BillingSettings,
  raw: HoldInput,
  payer: Payer,
  now: number,
): HoldOutcome {
  const input = parseInput(HoldInputSchema, raw);
  if (input.amount === 0) throw new UserDOError(400, "bad_amount", "a hold reserves at least 1 micro-dollar");
  const ttl = input.ttlMs ?? settings.holdTtlMs;
  if (!Number.isSafeInteger(ttl) || ttl <= 0 || ttl > settings.maxHoldTtlMs) {
    throw new UserDOError(400, "bad_ttl", `ttlMs must be an integer from 1 to ${settings.maxHoldTtlMs}`);
  }
  const source = input.source;
  const metadata = input.metadata === null ? null : JSON.stringify(input.metadata);
  expireDueHolds(c, now);
  const existing = c.sync.first(holdByKey, { key: input.key });
  if (existing) {
    if (existing.amount !== input.amount || existing.source !== source) {
      throw new UserDOError(409, "idempotency_conflict", "this hold key was already used for another amount or source");
    }
    return holdReceipt(c, settings, existing, true);
  }
  const refusal = refusalFor(c, settings, input.amount, payer);
  if (refusal) return refusal;
  const hold = {
    key: input.key,
    amount: input.amount,
    source,
    tokenId: payer.tokenId,
    at: now,
    expiresAt: now + ttl,
    metadata,
  };
  c.sync.first(insertHold, hold);
  moveHeld(c, input.amount, payer.tokenId, now);
  return holdReceipt(c, settings, c.sync.first(holdByKey, { key: input.key })!, false);
}

/**
 * Settles a hold at its real cost (at most the reserved amount), releasing the
 * rest. Settling again with the same amount returns the first result.
 */
export function settleSync(c: PluginContext, key: string, amount: number, now: number): ChargeReceipt {
  assertKey(key, "hold key");
  assertAmount(amount, "amount");
  expireDueHolds(c, now);
  const hold = findHold(c, key);
  if (hold.status === "settled") {
    if (hold.settled_amount !== amount)
      throw new UserDOError(409, "idempotency_conflict", "this hold was already settled for another amount");
    const first = c.sync.first(chargeByHold, { holdId: hold.id })!;
    return {
      charged: true,
      amount: first.amount,
      balance: first.balance_after,
      key,
      chargeId: first.id,
      at: first.at,
      replayed: true,
    };
  }
  if (hold.status !== "active")
    throw new UserDOError(409, `hold_${hold.status}`, `this hold was ${hold.status} and can no longer be settled`);
  if (amount > hold.amount)
    throw new UserDOError(
      400,
      "settle_exceeds_hold",
      `a hold of ${hold.amount} micro-dollars settles for at most that`,
    );
  c.sync.run(closeHold, { id: hold.id, status: "settled", at: now, settled: amount });
  moveHeld(c, -hold.amount, hold.token_id, now);
  const charged = debit(
    c,
    { key: null, amount, source: hold.source, metadata: hold.metadata, tokenId: hold.token_id, holdId: hold.id },
    now,
  );
  return { ...charged, key };
}

/** Releases a hold after a failure: the reservation returns to the balance. Idempotent. */
export function releaseSync(
  c: PluginContext,
  key: string,
  now: number,
): { readonly key: string; readonly status: HoldStatus } {
  assertKey(key, "hold key");
  expireDueHolds(c, now);
  const hold = findHold(c, key);
  if (hold.status === "settled")
    throw new UserDOError(409, "hold_settled", "this hold was settled and can no longer be released");
  if (hold.status === "active") {
    c.sync.run(closeHold, { id: hold.id, status: "released", at: now, settled: null });
    moveHeld(c, -hold.amount, hold.token_id, now);
    return { key, status: "released" };
  }
  return { key, status: hold.status };
}

function findHold(c: PluginContext, key: string): HoldRow {
  const hold = c.sync.first(holdByKey, { key });
  if (!hold) throw new UserDOError(404, "hold_not_found", "no hold with this key");
  return hold;
}

function holdReceipt(c: PluginContext, settings: BillingSettings, hold: HoldRow, replay: boolean): HoldReceipt {
  const account = viewAccount(loadAccount(c), settings);
  return {
    held: true,
    key: hold.key,
    amount: hold.amount,
    status: hold.status,
    expiresAt: hold.expires_at,
    settled: hold.settled_amount,
    balance: account.balance,
    available: account.available,
    replayed: replay,
  };
}
