import { componentSchema } from "@userdo/core";
import * as v from "valibot";

// The answers of billingRoutes and of paid routes, for billingOpenApi. Outputs: the code
// builds them (AccountView, Usage, BillingStats, ...), nothing parses them.
// Money is always an integer number of micro-dollars: $1 = 1,000,000.

const int = () => v.pipe(v.number(), v.integer());
const units = (description: string) =>
  v.pipe(v.number(), v.integer(), v.description(`${description} In micro-dollars ($1 = 1,000,000).`));
const nullableText = (description: string) => v.nullable(v.pipe(v.string(), v.description(description)));

/** A user's account. */
export const Account = componentSchema(
  "Account",
  v.object({
    balance: units("credited + adjusted - spent."),
    credited: units("Everything funding sources paid in."),
    spent: units("Charges and settled holds."),
    adjusted: units("Net admin adjustments."),
    held: units("Reserved by active holds."),
    creditLimit: units("How far below zero the balance may go."),
    available: units("balance - held + creditLimit."),
  }),
);

/** `GET /balance`: the caller's account. */
export const Balance = componentSchema("Balance", v.object({ user: v.string(), ...Account.entries }));

const DailyUsage = componentSchema(
  "DailyUsage",
  v.object({
    day: v.pipe(v.string(), v.regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/), v.description("YYYY-MM-DD (UTC).")),
    charges: int(),
    spent: units("Spent that day."),
    credited: units("Paid in that day."),
  }),
);

const ChargeLine = componentSchema(
  "ChargeLine",
  v.object({
    id: int(),
    key: nullableText("The idempotency key."),
    amount: units("Charged."),
    source: nullableText("The URL (without query) or label the charge was for."),
    tokenId: v.nullable(v.string()),
    at: v.pipe(v.number(), v.integer(), v.description("Milliseconds since the epoch.")),
    balanceAfter: units("Balance right after."),
    metadata: v.nullable(v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()]))),
  }),
);

/** `GET /usage`. */
export const UsageAnswer = componentSchema(
  "Usage",
  v.object({
    user: v.string(),
    account: Account,
    daily: v.pipe(v.array(DailyUsage), v.description("Newest first.")),
    charges: v.pipe(v.array(ChargeLine), v.description("Newest first.")),
    nextBefore: v.nullable(v.pipe(v.number(), v.integer(), v.description("Pass as `before` for the next page."))),
  }),
);

/** A 402 of a paid route: what it would have cost, what there is, where to pay. */
export const PaymentRequired = componentSchema(
  "PaymentRequired",
  v.object({
    error: v.string(),
    code: v.picklist(["insufficient_funds", "token_budget_exceeded", "limit_exceeded"]),
    amount: units("What the request would have cost."),
    balance: units("The balance."),
    available: units("What could be spent now."),
    payUrl: nullableText("Where to pay (also in Location and Link: rel=payment)."),
  }),
);

/** A 401 of a paid route: where to log in. */
export const Unauthenticated = componentSchema(
  "Unauthenticated",
  v.object({
    error: v.string(),
    code: v.literal("unauthenticated"),
    loginUrl: v.nullable(v.string()),
  }),
);

/** `GET /admin/stats`: totals over every user. */
export const BillingStatsAnswer = componentSchema(
  "BillingStats",
  v.object({
    users: int(),
    sponsors: int(),
    credited: units("Paid in, all users."),
    spent: units("Spent, all users."),
    balance: units("Sum of balances."),
    held: units("Reserved by holds."),
  }),
);

/** `POST /admin/balance`: what the adjustment did. */
export const AdjustAnswer = v.object({
  user: v.string(),
  adjustmentId: int(),
  amount: units("Moved."),
  balance: units("The balance after."),
  replayed: v.pipe(v.boolean(), v.description("This key's adjustment was made before: nothing moved again.")),
});

/** `POST /admin/credit-limit`: the user's account with its new limit. */
export const CreditLimitAnswer = v.object({ user: v.string(), account: Account });
