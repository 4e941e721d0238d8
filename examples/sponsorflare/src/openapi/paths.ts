import { ERROR_RESPONSE } from "@userdo/core";
// Paths of the example's own routes. auth's, billing's and the studio's come from
// their packages (authOpenApi, billingOpenApi, studioOpenApi); document.ts composes them.

const json = (schema: object, description: string) =>
  ({ description, content: { "application/json": { schema } } }) as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;
const error = ERROR_RESPONSE;
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
/** The example's own paths, composed with the packages' in `openApiDocument`. */
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
} as const;

const units = (description: string) =>
  ({ type: "integer", description: `${description} In micro-dollars ($1 = 1,000,000).` }) as const;

/** The example's own answer schemas (billing's come with billingOpenApi). */
export const appSchemas = {
  PaidAnswer: {
    type: "object",
    properties: {
      ok: { const: true },
      user: { type: "string" },
      charged: units("Charged for this call."),
      balance: units("Balance after the charge."),
      message: { type: "string" },
    },
    required: ["ok", "user", "charged", "balance", "message"],
  },
} as const;
