// The answers of billingRoutes and of paid routes, for billingOpenApi.
// Money is always an integer number of micro-dollars: $1 = 1,000,000.

const units = (description: string) =>
  ({ type: "integer", description: `${description} In micro-dollars ($1 = 1,000,000).` }) as const;

/** The schemas of billing's answers (outputs: the code builds them, no input is checked against them). */
export const billingAnswerSchemas = {
  Account: {
    type: "object",
    properties: {
      balance: units("credited + adjusted - spent."),
      credited: units("Everything funding sources paid in."),
      spent: units("Charges and settled holds."),
      adjusted: units("Net admin adjustments."),
      held: units("Reserved by active holds."),
      creditLimit: units("How far below zero the balance may go."),
      available: units("balance - held + creditLimit."),
    },
    required: ["balance", "credited", "spent", "adjusted", "held", "creditLimit", "available"],
  },
  Balance: {
    allOf: [
      { $ref: "#/components/schemas/Account" },
      { type: "object", properties: { user: { type: "string" } }, required: ["user"] },
    ],
  },
  DailyUsage: {
    type: "object",
    properties: {
      day: { type: "string", format: "date" },
      charges: { type: "integer" },
      spent: units("Spent that day."),
      credited: units("Paid in that day."),
    },
    required: ["day", "charges", "spent", "credited"],
  },
  ChargeLine: {
    type: "object",
    properties: {
      id: { type: "integer" },
      key: { type: ["string", "null"], description: "The idempotency key." },
      amount: units("Charged."),
      source: { type: ["string", "null"], description: "The URL (without query) or label the charge was for." },
      tokenId: { type: ["string", "null"] },
      at: { type: "integer", description: "Milliseconds since the epoch." },
      balanceAfter: units("Balance right after."),
      metadata: { type: ["object", "null"] },
    },
    required: ["id", "amount", "at", "balanceAfter"],
  },
  Usage: {
    type: "object",
    properties: {
      user: { type: "string" },
      account: { $ref: "#/components/schemas/Account" },
      daily: { type: "array", items: { $ref: "#/components/schemas/DailyUsage" }, description: "Newest first." },
      charges: { type: "array", items: { $ref: "#/components/schemas/ChargeLine" }, description: "Newest first." },
      nextBefore: { type: ["integer", "null"], description: "Pass as `before` for the next page." },
    },
    required: ["user", "account", "daily", "charges", "nextBefore"],
  },
  PaymentRequired: {
    type: "object",
    properties: {
      error: { type: "string" },
      code: { enum: ["insufficient_funds", "token_budget_exceeded", "limit_exceeded"] },
      amount: units("What the request would have cost."),
      balance: units("The balance."),
      available: units("What could be spent now."),
      payUrl: { type: ["string", "null"], description: "Where to pay (also in Location and Link: rel=payment)." },
    },
    required: ["error", "code", "amount", "balance", "available", "payUrl"],
  },
  Unauthenticated: {
    type: "object",
    properties: {
      error: { type: "string" },
      code: { const: "unauthenticated" },
      loginUrl: { type: ["string", "null"] },
    },
    required: ["error", "code"],
  },
  BillingStats: {
    type: "object",
    properties: {
      users: { type: "integer" },
      sponsors: { type: "integer" },
      credited: units("Paid in, all users."),
      spent: units("Spent, all users."),
      balance: units("Sum of balances."),
      held: units("Reserved by holds."),
    },
    required: ["users", "sponsors", "credited", "spent", "balance", "held"],
  },
} as const;
