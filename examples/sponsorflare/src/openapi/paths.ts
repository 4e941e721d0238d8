// Paths of the example's own routes and of @userdo/billing's routes it mounts.
// auth's paths come from `authOpenApi`; document.ts merges them.
import { USER_ID_PATTERN } from "@userdo/auth";

const json = (schema: object, description: string) =>
  ({ description, content: { "application/json": { schema } } }) as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;
const error = { $ref: "#/components/responses/AuthError" } as const;
const page = (description: string) =>
  ({ description, content: { "text/html": { schema: { type: "string" } } } }) as const;
const redirect = {
  description: "Redirect (Location header).",
  headers: { location: { schema: { type: "string" } } },
} as const;
const authed = [{ session: [] }, { bearer: [] }, { basic: [] }] as const;
const rateLimited = json(ref("Error"), "Too many anonymous requests from this IP (Retry-After and RateLimit headers).");
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Send one (any unique string, up to 255 visible ASCII characters) to retry safely: the first request's answer is kept, " +
    "and a retry gets it again (header Idempotent-Replayed: true) without being charged or run again. Without one, each request is charged once.",
  schema: { type: "string", maxLength: 255 },
} as const;
const adminIdempotencyKey = {
  ...idempotencyKey,
  required: true,
  description: "Required: a retried adjustment with the same key moves money once.",
} as const;
const paid = {
  tags: ["app"],
  summary: "The paid route: charges one cent per call",
  description:
    "Verifies the session or token and reserves 10,000 micro-dollars ($0.01) in ONE call to the caller's object, does the work, " +
    "then charges it and keeps the answer under the Idempotency-Key. An error answer is not charged. " +
    'API tokens need the "api:paid" scope. Browser sessions may call it only from this site.',
  security: authed,
  parameters: [idempotencyKey],
  responses: {
    "200": {
      ...json(ref("PaidAnswer"), "Charged; or, for a replayed Idempotency-Key, the first answer again (not charged)."),
      headers: {
        "idempotent-replayed": {
          schema: { const: "true" },
          description: "Present on a replay: the first request's answer, sent again.",
        },
      },
    },
    "400": error,
    "401": json(ref("Unauthenticated"), "No valid session or token."),
    "402": {
      ...json(ref("PaymentRequired"), "The balance (or the token's budget) does not cover the call."),
      headers: {
        location: { schema: { type: "string" }, description: "Where to pay." },
        link: { schema: { type: "string" }, description: '<url>; rel="payment"' },
      },
    },
    "403": error,
    "409": json(
      ref("Error"),
      "idempotency_conflict: this Idempotency-Key was used for another request (method, path or body); " +
        "idempotency_in_progress: a request with it is still running, retry when it has finished.",
    ),
  },
} as const;
const intQuery = (name: string, description: string, maximum: number) =>
  ({ name, in: "query", required: false, description, schema: { type: "integer", minimum: 1, maximum } }) as const;
const adminBody = (properties: object, required: string[]) =>
  ({ required: true, content: { "application/json": { schema: { type: "object", properties, required } } } }) as const;

/** The example's paths, merged with auth's in `openApiDocument`. */
export const appPaths = {
  "/": {
    get: {
      tags: ["pages"],
      summary: "Landing page",
      responses: { "200": page("What the app is, and how to log in."), "429": rateLimited },
    },
  },
  "/dashboard": {
    get: {
      tags: ["pages"],
      summary: "Usage dashboard",
      description:
        "Balance, daily usage chart, recent charges, tokens and sessions. Redirects to login without a session.",
      responses: { "200": page("The dashboard."), "302": redirect },
    },
  },
  "/admin": {
    get: {
      tags: ["pages"],
      summary: "Admin page",
      description:
        "Totals from the master, the user registry, and how to open each object in Outerbase Studio. Admin only.",
      responses: { "200": page("The admin page."), "302": redirect, "403": page("Not the admin.") },
    },
  },
  "/openapi.json": {
    get: { tags: ["app"], summary: "This document", responses: { "200": json({ type: "object" }, "OpenAPI 3.1.") } },
  },
  "/api/paid": { get: paid, post: { ...paid, summary: "The paid route (POST, same as GET)" } },
  "/balance": {
    get: {
      tags: ["billing"],
      summary: "The caller's balance and totals",
      security: authed,
      responses: { "200": json(ref("Balance"), "The account."), "401": error, "403": error },
    },
  },
  "/usage": {
    get: {
      tags: ["billing"],
      summary: "Daily usage and recent charges",
      security: authed,
      parameters: [
        intQuery("days", "Days of daily totals (default 30).", 366),
        intQuery("limit", "Charges per page (default 50).", 200),
        intQuery(
          "before",
          "Only charges older than this id (the previous page's nextBefore).",
          Number.MAX_SAFE_INTEGER,
        ),
      ],
      responses: { "200": json(ref("Usage"), "Usage, newest first."), "400": error, "401": error, "403": error },
    },
  },
  "/github-webhook": {
    post: {
      tags: ["billing"],
      summary: "GitHub Sponsors webhook",
      description:
        "Verified with X-Hub-Signature-256 before parsing; each sponsorship credits once per delivery and sponsorship id.",
      parameters: [{ name: "X-Hub-Signature-256", in: "header", required: true, schema: { type: "string" } }],
      requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
      responses: {
        "200": json({ type: "object" }, "Applied or acknowledged."),
        "202": json({ type: "object" }, "Ignored event."),
        "400": error,
        "401": error,
      },
    },
  },
  "/admin/stats": {
    get: {
      tags: ["admin"],
      summary: "Totals over every user, from the master",
      security: authed,
      responses: { "200": json(ref("BillingStats"), "Totals."), "401": error, "403": error },
    },
  },
  "/admin/balance": {
    post: {
      tags: ["admin"],
      summary: "Adjust a user's balance, with a reason (audit-logged)",
      security: authed,
      parameters: [adminIdempotencyKey],
      requestBody: adminBody(
        {
          user: { type: "string", pattern: USER_ID_PATTERN.source },
          amount: { type: "integer", description: "Micro-dollars to add (negative: to take away); never 0." },
          reason: { type: "string", minLength: 1, maxLength: 500, description: "Why; kept in the audit trail." },
        },
        ["user", "amount", "reason"],
      ),
      responses: { "200": json({ type: "object" }, "The adjustment."), "400": error, "401": error, "403": error },
    },
  },
  "/admin/credit-limit": {
    post: {
      tags: ["admin"],
      summary: "Set a user's credit limit (null: the default)",
      security: authed,
      requestBody: adminBody(
        {
          user: { type: "string", pattern: USER_ID_PATTERN.source },
          creditLimit: { type: ["integer", "null"], minimum: 0 },
        },
        ["user"],
      ),
      responses: { "200": json({ type: "object" }, "The account."), "400": error, "401": error, "403": error },
    },
  },
  "/sqlite/{binding}/{name}/query/raw": {
    post: {
      tags: ["admin"],
      summary: "Outerbase Studio (StarbaseDB protocol) for one object",
      description:
        "binding is USERS or MASTER (read-only); name is the user id or the master shard. Bearer STUDIO_TOKEN; JSON bodies only.",
      security: [{ studio: [] }],
      parameters: [
        { name: "binding", in: "path", required: true, schema: { enum: ["USERS", "MASTER"] } },
        { name: "name", in: "path", required: true, schema: { type: "string", maxLength: 256 } },
      ],
      requestBody: { required: true, content: { "application/json": { schema: ref("StudioQuery") } } },
      responses: {
        "200": json({ type: "object" }, "{ result: { columns, rows, meta } }"),
        "400": error,
        "401": error,
        "403": error,
        "413": error,
        "415": error,
      },
    },
  },
} as const;
