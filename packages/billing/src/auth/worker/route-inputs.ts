import { USER_ID_PATTERN } from "@userdo/auth";
import { fieldError } from "@userdo/core";
import * as v from "valibot";
import { Key, MAX_REASON_LENGTH, orNull, text } from "../../shared/fields.js";
import { MAX_AMOUNT, amount } from "../../shared/money.js";

// The bodies and queries of billingRoutes, described once: the routes check them with
// parseInput, billingOpenApi documents them with the same schemas.

const User = v.pipe(
  v.string(),
  v.regex(USER_ID_PATTERN),
  v.description("The user's id (583231, or x-1849265 for X)."),
  fieldError("bad_user", "must be a user id as a string (583231, or x-1849265 for X)"),
);

/** `POST /admin/balance`: whose balance, by how much, and why (required: the audit trail's only explanation). */
export const AdjustBody = v.object({
  user: User,
  amount: amount(-MAX_AMOUNT, "Micro-dollars to add (negative: to take away); never 0."),
  reason: text(MAX_REASON_LENGTH, "Why; kept in the audit trail."),
  key: v.optional(v.pipe(Key, v.description("The idempotency key, when not sent as the Idempotency-Key header."))),
});

/** `POST /admin/credit-limit`: whose limit, and the new one (null or absent: back to the default). */
export const CreditLimitBody = v.object({
  user: User,
  creditLimit: orNull(amount(0, "How far below zero the balance may go, in micro-dollars; null: the default.")),
});

const count = (max: number, description: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,15}$/),
      v.description(`${description} At most ${max}.`),
      fieldError("bad_input", "must be a positive integer"),
      v.transform(Number),
    ),
  );

/** `GET /usage`'s query string. The object checks each number's range. */
export const UsageQueryString = v.object({
  days: count(366, "Days of daily totals (default 30)."),
  limit: count(200, "Charges per page (default 50)."),
  before: count(Number.MAX_SAFE_INTEGER, "Only charges older than this id (the previous page's nextBefore)."),
});
