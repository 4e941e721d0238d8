// Over 200 lines on purpose: one lifecycle, paid work (start, finish, fail) over one row and one hold; a split would scatter its replay and lease rules.
import { type PluginContext, UserDOError, parseInput } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { expireDueHolds, loadAccount } from "./account.js";
import { debit, refusalFor } from "./charge.js";
import { holdSync, releaseSync, settleSync } from "./holds.js";
import { deletePaid, insertPaid, paidByAttempt, paidByKey, pruneAnswers, storeAnswer } from "./queries/paid-queries.js";
import { chargeByHold } from "./queries/charge-queries.js";
import { holdByKey } from "./queries/hold-queries.js";
import type { BillingDB } from "./schema/billing-db.js";
import type { Payer } from "../shared/ledger-types.js";
import type { PaidAnswer, PaidFinished, PaidReplayed, PaidStart, PaidStartOutcome } from "../shared/paid-types.js";
import { assertKey } from "../shared/validate.js";
import { PaidAnswerSchema, PaidStartSchema } from "../shared/inputs.js";
import type { Selectable } from "kysely";

type PaidRow = Selectable<BillingDB["_userdo_billing_paid"]>;

/** How long paid work may run before its reservation lapses, unless the call says otherwise. */
export const PAID_LEASE_MS = 5 * 60_000;
export { MAX_ANSWER_BYTES } from "../shared/inputs.js";
/** Old answers forgotten per start, so pruning never costs more than a few deletes. */
const PRUNE_BATCH = 16;

function conflict(): UserDOError {
  return new UserDOError(
    409,
    "idempotency_conflict",
    "this Idempotency-Key was used for another request (method, path or body); send a new key for a new request",
  );
}

function answerOf(row: PaidRow): PaidReplayed {
  return {
    state: "replayed",
    answer: {
      status: row.answer_status ?? 200,
      contentType: row.answer_type,
      location: row.answer_location,
      size: row.answer_size ?? 0,
      body: row.answer_body,
    },
    finishedAt: row.finished_at ?? row.started_at,
  };
}

/**
 * Starts paid work: a done key answers its kept answer, a running key is a
 * 409, a new key (or none) reserves `amount` as a hold and, with a key, binds
 * the key to this request. Inside `transactionSync`.
 */
export function startPaidSync(
  c: PluginContext,
  settings: BillingSettings,
  raw: PaidStart,
  payer: Payer,
  now: number,
): PaidStartOutcome {
  const input = parseInput(PaidStartSchema, raw);
  const key = input.key;
  if (key !== null) {
    if (input.fingerprint === null)
      throw new UserDOError(400, "bad_fingerprint", "a keyed start needs the request's SHA-256 fingerprint (hex)");
    c.sync.run(pruneAnswers, { before: now - settings.replayWindowMs, limit: PRUNE_BATCH });
    const row = c.sync.first(paidByKey, { key });
    if (row?.status === "done") {
      if (row.fingerprint !== input.fingerprint) throw conflict();
      return answerOf(row);
    }
    if (row) {
      expireDueHolds(c, now);
      if (c.sync.first(holdByKey, { key: row.attempt })?.status === "active") {
        if (row.fingerprint !== input.fingerprint) throw conflict();
        throw new UserDOError(
          409,
          "idempotency_in_progress",
          "a request with this Idempotency-Key is still running; retry it when that one has finished",
        );
      }
      // Its Worker never finished and the reservation lapsed: the key is free again, for any request.
      c.sync.run(deletePaid, { id: row.id });
    }
  }
  const attempt = `paid:${crypto.randomUUID()}`;
  const held = holdSync(
    c,
    settings,
    {
      key: attempt,
      amount: input.amount,
      ttlMs: input.leaseMs ?? Math.min(PAID_LEASE_MS, settings.maxHoldTtlMs),
      source: input.source ?? null,
      metadata: input.metadata ?? null,
    },
    payer,
    now,
  );
  if (!("held" in held)) return { state: "refused", refusal: held };
  if (key !== null) c.sync.run(insertPaid, { key, fingerprint: input.fingerprint, attempt, at: now });
  return {
    state: "started",
    attempt,
    amount: input.amount,
    balance: held.balance - input.amount,
    available: held.available,
  };
}

function assertAnswer(answer: PaidAnswer): void {
  parseInput(PaidAnswerSchema, answer, { code: "bad_answer", root: "the answer" });
}

/**
 * Finishes paid work that succeeded: charges the reservation (or, when the
 * work outlived it, the same amount if the balance still covers it) and, for
 * a keyed attempt still current, keeps the answer for replays. Idempotent for
 * one attempt. Inside `transactionSync`.
 */
export function finishPaidSync(
  c: PluginContext,
  settings: BillingSettings,
  attempt: string,
  answer: PaidAnswer,
  now: number,
): PaidFinished {
  assertKey(attempt, "attempt");
  assertAnswer(answer);
  expireDueHolds(c, now);
  const hold = c.sync.first(holdByKey, { key: attempt });
  if (!hold) throw new UserDOError(404, "attempt_not_found", "no paid work was started with this attempt");
  if (hold.status === "released") throw new UserDOError(409, "paid_failed", "this paid work was failed already");
  let charge: { readonly amount: number; readonly chargeId: number } | null = null;
  if (hold.status === "expired") {
    const first = c.sync.first(chargeByHold, { holdId: hold.id });
    const payer = { tokenId: hold.token_id, budget: null };
    if (first) charge = { amount: first.amount, chargeId: first.id };
    else if (!refusalFor(c, settings, hold.amount, payer)) {
      const debited = debit(
        c,
        {
          key: null,
          amount: hold.amount,
          source: hold.source,
          metadata: hold.metadata,
          tokenId: hold.token_id,
          holdId: hold.id,
        },
        now,
      );
      charge = { amount: debited.amount, chargeId: debited.chargeId };
    } else {
      c.log("warn", "billing: paid work outlived its reservation and the balance no longer covers it", {
        attempt,
        amount: hold.amount,
      });
    }
  } else {
    const settled = settleSync(c, attempt, hold.amount, now);
    charge = { amount: settled.amount, chargeId: settled.chargeId };
  }
  const row = c.sync.first(paidByAttempt, { attempt });
  if (row?.status === "running") {
    c.sync.run(storeAnswer, {
      id: row.id,
      at: now,
      chargeId: charge?.chargeId ?? null,
      status: answer.status,
      type: answer.contentType,
      location: answer.location,
      size: answer.size,
      body: answer.body,
    });
  }
  return {
    charged: charge?.amount ?? 0,
    chargeId: charge?.chargeId ?? null,
    balance: loadAccount(c).balance,
    kept: row !== undefined,
  };
}

/**
 * Fails paid work (it threw, or answered an error): the reservation returns
 * and the key is free for a retry. Idempotent; a finished attempt is a 409.
 * Inside `transactionSync`.
 */
export function failPaidSync(c: PluginContext, attempt: string, now: number): { readonly released: true } {
  assertKey(attempt, "attempt");
  const hold = c.sync.first(holdByKey, { key: attempt });
  if (!hold) throw new UserDOError(404, "attempt_not_found", "no paid work was started with this attempt");
  if (hold.status === "settled" || (hold.status === "expired" && c.sync.first(chargeByHold, { holdId: hold.id }))) {
    throw new UserDOError(409, "paid_finished", "this paid work was charged already");
  }
  releaseSync(c, attempt, now);
  const row = c.sync.first(paidByAttempt, { attempt });
  if (row?.status === "running") c.sync.run(deletePaid, { id: row.id });
  return { released: true };
}
