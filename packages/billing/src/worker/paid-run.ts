import { UserDOError, errorResponse, errorStatus } from "@userdo/core";
import type { PaidAnswer, PaidStart, PaidStartOutcome, PaidStarted } from "../shared/paid-types.js";
import type { Metadata } from "../shared/validate.js";
import { DEFAULT_MAX_ANSWER_BYTES, fingerprintOf, keepableAnswer, replayResponse } from "./paid-answer.js";
import { paymentRequired } from "./payment-required.js";
import { requestKey } from "./request-key.js";
import { sourceOf } from "./source.js";

/** How a request is charged for its work: the price, and what a replay and a refusal need. */
export interface PaidSettings {
  /** Micro-dollars the work costs (at least 1): `cents(1)`, `usd(0.001)`. */
  readonly price: number;
  /**
   * The request's idempotency key. Default: the client's `Idempotency-Key`
   * header; without one the request is charged once and never replayed.
   */
  readonly idempotencyKey?: string | undefined;
  /**
   * The request's body as your code read it, when it read it before `paid()`
   * (the text, the bytes, or the fields it used): the key is bound to it. By
   * default `paid()` reads a clone of the body itself.
   */
  readonly body?: string | ArrayBuffer | ArrayBufferView | undefined;
  /** What the charge is for in the ledger; default the request's URL without its query. */
  readonly source?: string | undefined;
  readonly metadata?: Metadata | undefined;
  /** Where to pay, for the 402 answer (a GitHub Sponsors page, your top-up route). */
  readonly payUrl?: string | undefined;
  /** How long the work may run before its reservation lapses and its key is free again (default 5 minutes). */
  readonly leaseMs?: number | undefined;
  /** The largest answer body kept for replays (default 64 KiB, at most 1 MiB). */
  readonly maxAnswerBytes?: number | undefined;
}

/** What the paid work is told: who pays, what, and the balance once it is charged. */
export interface PaidWork {
  readonly user: string;
  /** Micro-dollars this work is charged when it answers 2xx or 3xx. */
  readonly price: number;
  /** The balance once this work is charged. */
  readonly balance: number;
  /** The request's idempotency key, or null. */
  readonly key: string | null;
}

/** The object calls behind one paid request; `start` may answer a ready response (a 401). */
export interface PaidSteps {
  start(input: PaidStart): Promise<PaidStartOutcome | Response>;
  finish(attempt: string, answer: PaidAnswer): Promise<unknown>;
  fail(attempt: string): Promise<unknown>;
}

/**
 * Runs paid work once per key: start (reserve, or answer a replay), the work,
 * then finish (charge and keep the answer) or fail (release). A refusal
 * before the work (a bad or busy key, a missing scope) is answered, as JSON
 * `{error, code}` with its 4xx status; what the work throws is thrown. The work's
 * answer goes to the client even when finishing fails (its reservation then
 * lapses uncharged): the work is done and its answer is the client's.
 */
export async function runPaid<Work extends PaidWork>(
  request: Request,
  settings: PaidSettings,
  steps: PaidSteps,
  describe: (started: PaidStarted, key: string | null) => Work,
  work: (paid: Work) => Response | Promise<Response>,
): Promise<Response> {
  const maxBytes = settings.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0 || maxBytes > 1024 * 1024)
    throw new UserDOError(500, "bad_paid_options", "maxAnswerBytes must be an integer from 0 to 1 MiB");
  let key: string | null;
  let started: PaidStartOutcome | Response;
  try {
    key = requestKey(request, settings.idempotencyKey);
    started = await steps.start({
      key,
      fingerprint: key === null ? null : await fingerprintOf(request, settings.body),
      amount: settings.price,
      source: settings.source ?? sourceOf(request),
      metadata: settings.metadata ?? null,
      ...(settings.leaseMs !== undefined && { leaseMs: settings.leaseMs }),
    });
  } catch (error) {
    // The client's mistakes (a bad key, a key in use, a token without the scope) are answers, not crashes.
    if (errorStatus(error).status < 500) return errorResponse(error);
    throw error;
  }
  if (started instanceof Response) return started;
  if (started.state === "refused") return paymentRequired({ ...started.refusal, payUrl: settings.payUrl ?? null });
  if (started.state === "replayed") return replayResponse(started);
  let response: Response;
  try {
    response = await work(describe(started, key));
    if (!(response instanceof Response))
      throw new UserDOError(500, "bad_paid_work", "the paid work must answer a Response");
  } catch (error) {
    await steps.fail(started.attempt).catch((cause: unknown) => logLost("release", cause));
    throw error;
  }
  // An error answer did no paid work: nothing is charged, and the key may be retried.
  if (response.status >= 400) {
    await steps.fail(started.attempt).catch((cause: unknown) => logLost("release", cause));
    return response;
  }
  try {
    await steps.finish(started.attempt, await keepableAnswer(response, maxBytes));
  } catch (cause) {
    logLost("charge", cause);
  }
  return response;
}

function logLost(step: string, cause: unknown): void {
  const message = cause instanceof Error ? cause.message : String(cause);
  console.error(`billing: could not ${step} paid work; its reservation lapses after the lease`, message);
}
