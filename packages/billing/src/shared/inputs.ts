import { fieldError } from "@userdo/core";
import * as v from "valibot";
import { Key, MAX_REASON_LENGTH, MetadataField, SourceName, Source, orNull, text } from "./fields.js";
import { MAX_AMOUNT, amount } from "./money.js";

// The ledger's RPC inputs, described once: each method checks its input with
// parseInput(schema), and the input's TypeScript type is the schema's.

/** What {@link chargeSync} takes: an amount, and optionally an idempotency key, a source and metadata. */
export const ChargeInputSchema = v.object({
  amount: amount(0, "Micro-dollars to debit (integer, 0 allowed)."),
  // A replay with the same key returns the first result and charges nothing; none: never a replay.
  key: orNull(Key),
  // The URL or label the charge is for (a replay must name the same one).
  source: Source,
  metadata: MetadataField,
});

/** One charge: micro-dollars, an optional idempotency key (a retry with it charges once), a source and metadata. */
export type ChargeInput = v.InferInput<typeof ChargeInputSchema>;

/** What a credit takes: a funding source's name, its id for the payment, micro-dollars, metadata. */
export const CreditInputSchema = v.object({
  // "github", "stripe", or your own (lowercase, up to 32 characters).
  source: SourceName,
  // The source's own id for this payment (a Stripe Checkout session, a sponsorship cycle).
  externalId: Key,
  amount: amount(0, "Micro-dollars paid in."),
  metadata: MetadataField,
});

/** A credit from a funding source, applied once per (source, externalId). */
export type CreditInput = v.InferInput<typeof CreditInputSchema>;

/** What a hold takes: its key, micro-dollars, an optional lifetime, a source and metadata. */
export const HoldInputSchema = v.object({
  // The hold's id and idempotency key.
  key: Key,
  amount: amount(0, "Micro-dollars to reserve (at least 1)."),
  // How long the reservation lasts (default: the plugin's holdTtlMs, at most its maxHoldTtlMs).
  ttlMs: v.optional(v.pipe(v.number(), fieldError("bad_ttl", "must be an integer number of milliseconds"))),
  source: Source,
  metadata: MetadataField,
});

/** A reservation of funds under a key; `ttlMs` defaults to the billing options' holdTtlMs. */
export type HoldInput = v.InferInput<typeof HoldInputSchema>;

/** What an admin's adjustment takes: micro-dollars (never 0), why, who, and its idempotency key. */
export const AdjustInputSchema = v.object({
  amount: amount(-MAX_AMOUNT, "Micro-dollars to add (negative: to take away); never 0."),
  reason: text(MAX_REASON_LENGTH, "Why; kept in the audit trail."),
  // The admin's user id, as authenticated by the Worker.
  admin: text(64),
  // A retried admin call changes nothing twice.
  key: Key,
});

/** An admin's correction of a balance, with the reason kept in the audit trail. */
export type AdjustInput = v.InferInput<typeof AdjustInputSchema>;

/** What a Stripe payment credits: the event, its Checkout session and the amount in cents. */
export const StripePaymentSchema = v.object({
  eventId: Key,
  eventType: Key,
  sessionId: Key,
  amountCents: v.pipe(
    v.number(),
    v.safeInteger(),
    v.minValue(0),
    fieldError("bad_amount", "must be a non-negative integer"),
  ),
});

/** A completed Checkout session's payment, as the Worker read it from Stripe's webhook. */
export type StripePayment = v.InferInput<typeof StripePaymentSchema>;

/** What starting paid work takes: micro-dollars (at least 1), the client's key and the request's fingerprint. */
export const PaidStartSchema = v.object({
  // The client's idempotency key, or null: the work is charged once and never replayed.
  key: orNull(Key),
  // SHA-256 hex of the request (method, path with query, body): required with a key.
  fingerprint: orNull(
    v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/), fieldError("bad_fingerprint", "must be the request's SHA-256 (hex)")),
  ),
  amount: amount(1, "Micro-dollars reserved now and charged when the work succeeds."),
  source: Source,
  metadata: MetadataField,
  // How long the work may run before the reservation lapses and the key is free again.
  leaseMs: v.optional(v.pipe(v.number(), fieldError("bad_ttl", "must be an integer number of milliseconds"))),
});

/** The most bytes of an answer kept for replays. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

const shortText = (max: number) => v.nullable(v.pipe(v.string(), v.maxLength(max)));

/** An answer of paid work to keep: a 2xx or 3xx status, two short headers, and its body (or null when too large). */
export const PaidAnswerSchema = v.pipe(
  v.object({
    status: v.pipe(v.number(), v.safeInteger(), v.minValue(200), v.maxValue(399)),
    contentType: shortText(255),
    location: shortText(2048),
    size: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    body: v.nullable(v.custom<ArrayBuffer>((body) => body instanceof ArrayBuffer)),
  }),
  v.check(({ body, size }) => body === null || (body.byteLength === size && size <= MAX_ANSWER_BYTES)),
  fieldError("bad_answer", `must have a body of its size, at most ${MAX_ANSWER_BYTES} bytes`),
);

const bounded = (min: number, max: number, fallback: number) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.number(),
        v.safeInteger(),
        v.minValue(min),
        v.maxValue(max),
        fieldError("bad_input", `must be an integer from ${min} to ${max}`),
      ),
      fallback,
    ),
    fallback,
  );

/** Which usage to read: the last `days` days (1 to 366, default 30) and a page of `limit` charges (1 to 200, default 50) older than `before`. */
export const UsageQuerySchema = v.object({
  days: bounded(1, 366, 30),
  limit: bounded(1, 200, 50),
  before: bounded(1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
});

/** Which usage to read: the last `days` days and a page of recent charges. */
export type UsageQuery = v.InferInput<typeof UsageQuerySchema>;

/** Most charges one import call takes (one transaction; split larger histories). */
export const MAX_IMPORT_CHARGES = 1000;

/** Past charges to import: each a charge with the time `at` it happened (ms since the epoch). */
export const ImportSchema = v.pipe(
  v.array(v.object({ ...ChargeInputSchema.entries, at: v.pipe(v.number(), v.safeInteger(), v.minValue(0)) })),
  v.maxLength(MAX_IMPORT_CHARGES),
);

/** A charge from an earlier system, at the time it happened. */
export type ImportedCharge = v.InferInput<typeof ImportSchema>[number];
