import { fieldError } from "@userdo/core";
import * as v from "valibot";
import { Key, Source } from "./fields.js";
import { amount } from "./money.js";
import { PaidStartSchema } from "./inputs.js";

const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/), fieldError("bad_key_hash", "must be SHA-256 hex"));

/** A verified x402 payment about to be settled: claimed once per signed authorization. */
export const X402ClaimSchema = v.object({
  // `<network>:<asset>:<payer>:<nonce>`, lowercased.
  payment: Key,
  amount: amount(0, "Micro-dollars the payment is worth."),
  // The payment's value in the asset's smallest unit (a decimal string).
  atomic: v.pipe(v.string(), v.regex(/^[0-9]{1,78}$/), fieldError("bad_atomic", "must be a decimal integer string")),
  network: v.pipe(v.string(), v.minLength(1), v.maxLength(64), fieldError("bad_network", "must be a CAIP-2 network")),
  resource: Source,
});

/** A claim of an x402 payment. */
export type X402Claim = v.InferInput<typeof X402ClaimSchema>;

/** A payment the facilitator settled: credit it and, for per-request work, start that work. */
export const X402SettledSchema = v.object({
  payment: Key,
  // The settlement's transaction hash: the credit's reference.
  transaction: Key,
  // Paid work to start on the credited balance, or null (a top-up).
  start: v.nullable(PaidStartSchema),
  // SHA-256 hex of a balance key to remember (a top-up), or null.
  keyHash: v.nullable(Hex64),
});

/** What {@link X402SettledSchema} takes. */
export type X402Settled = v.InferInput<typeof X402SettledSchema>;

/** A payment whose settlement failed (`failed`) or whose outcome is not known (`unknown`). */
export const X402UnsettledSchema = v.object({
  payment: Key,
  status: v.picklist(["failed", "unknown"]),
  reason: v.pipe(v.string(), v.maxLength(500)),
});

/** What {@link X402UnsettledSchema} takes. */
export type X402Unsettled = v.InferInput<typeof X402UnsettledSchema>;

/** A balance key's hash, to spend the wallet's balance without paying again. */
export const X402KeyHashSchema = Hex64;
