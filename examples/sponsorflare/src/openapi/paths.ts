import { AUTH_SECURITY } from "@userdo/auth";
import { paidOperation } from "@userdo/billing/auth";
import { x402OpenApi, x402Operation } from "@userdo/billing/x402";
import {
  type Operation,
  ErrorAnswer,
  errorAnswers,
  htmlAnswer,
  jsonAnswer,
  openApiPart,
  redirectAnswer,
} from "@userdo/core";
import * as v from "valibot";
import { AdminDeleteForm, AdminExportQuery } from "../admin/admin-actions.js";
import { AdminPageQuery } from "../pages.js";
import { PaidAnswerSchema } from "../paid-route.js";

// The example's own routes. auth's, billing's and the studio's come from their
// packages (authOpenApi, billingOpenApi, studioOpenApi); document.ts composes them.

const rateLimited = jsonAnswer(
  "Too many anonymous requests from this IP (Retry-After and RateLimit headers).",
  ErrorAnswer,
);

const page = (path: string, summary: string, rest: Partial<Operation>): Operation => ({
  method: "get",
  path,
  tags: ["pages"],
  summary,
  responses: {},
  ...rest,
});

const paid = (method: "get" | "post", summary: string): Operation => ({
  method,
  path: "/api/paid",
  tags: ["app"],
  summary,
  description:
    "Verifies the session or token and reserves 10,000 micro-dollars ($0.01) in ONE call to the caller's object, does the work, " +
    "then charges it and keeps the answer under the Idempotency-Key. An error answer is not charged. " +
    'API tokens need the "api:paid" scope. Browser sessions may call it only from this site.',
  ...paidOperation(jsonAnswer("Charged.", PaidAnswerSchema)),
});

/** The example's own pages and admin actions, composed in `openApiDocument` with one of the paid API's parts. */
export const appPart = () =>
  openApiPart({
    tags: [
      { name: "app", description: "The paid API." },
      { name: "pages", description: "HTML pages." },
    ],
    operations: [
      page("/", "Landing page", {
        responses: { 200: htmlAnswer("What the app is, and how to log in."), 429: rateLimited },
      }),
      page("/dashboard", "Usage dashboard", {
        description:
          "Balance, daily usage chart, recent charges, tokens and sessions. Redirects to login without a session.",
        responses: { 200: htmlAnswer("The dashboard."), 302: redirectAnswer(), 429: rateLimited },
      }),
      page("/admin", "Admin page", {
        description:
          "Totals from the master, the user registry with each user's latest log lines, export and delete buttons, " +
          "and how to open each object in Outerbase Studio. Admin only.",
        query: AdminPageQuery,
        responses: {
          200: htmlAnswer("The admin page."),
          302: redirectAnswer(),
          403: htmlAnswer("Not the admin."),
          429: rateLimited,
        },
      }),
      {
        method: "get",
        path: "/admin/export",
        tags: ["admin"],
        summary: "Download a user's database",
        description:
          "The user's whole database as JSON Lines (sessions and tokens included: keep it like a secret). Admin only.",
        security: AUTH_SECURITY,
        query: AdminExportQuery,
        responses: {
          200: { description: "The export (Content-Disposition: attachment).", body: { type: "application/x-ndjson" } },
          ...errorAnswers("400", "401", "403"),
        },
      },
      {
        method: "post",
        path: "/admin/delete",
        tags: ["admin"],
        summary: "Delete a user everywhere",
        description:
          "Their object now, their rows at the master through replication (with an audit row naming the admin), then back to /admin. " +
          "From this site's admin page only (403 otherwise).",
        security: AUTH_SECURITY,
        body: { type: "application/x-www-form-urlencoded", schema: AdminDeleteForm },
        responses: {
          303: redirectAnswer("Deleted: back to /admin?deleted=<id>."),
          ...errorAnswers("400", "401", "403"),
        },
      },
      {
        method: "get",
        path: "/openapi.json",
        tags: ["app"],
        summary: "This document",
        responses: { 200: jsonAnswer("OpenAPI 3.1.", v.record(v.string(), v.unknown())) },
      },
    ],
  });

const paidOperations = [
  paid("get", "The paid route: charges one cent per call"),
  paid("post", "The paid route (POST, same as GET)"),
];

/** The paid API as sessions and tokens pay it. */
export const paidPart = () => openApiPart({ schemas: { PaidAnswer: PaidAnswerSchema }, operations: paidOperations });

/** The paid API with x402 too (`X402_PAY_TO` set): agents pay per request, or top up (`/x402/top-up`). */
export const paidX402Parts = () => [
  openApiPart({ schemas: { PaidAnswer: PaidAnswerSchema }, operations: paidOperations.map(x402Operation) }),
  x402OpenApi({ topUp: "/x402/top-up" }),
];
