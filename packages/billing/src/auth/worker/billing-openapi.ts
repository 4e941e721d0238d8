import { AUTH_SECURITY } from "@userdo/auth";
import {
  type Answer,
  type OpenApiPart,
  type Operation,
  ERROR_RESPONSE,
  ErrorAnswer,
  errorAnswers,
  jsonAnswer,
  openApiPart,
} from "@userdo/core";
import * as v from "valibot";
import {
  AdjustAnswer,
  Balance,
  BillingStatsAnswer,
  CreditLimitAnswer,
  PaymentRequired,
  Unauthenticated,
  UsageAnswer,
} from "./billing-answers.js";
import { AdjustBody, CreditLimitBody, UsageQueryString } from "./route-inputs.js";

/** Which optional routes {@link billingOpenApi} documents: those turned on in `billingRoutes`. */
export interface BillingOpenApiOptions {
  /** `POST /github-webhook` (billingRoutes' `github` option). */
  readonly github?: boolean;
}

const IdempotencyKey = (description: string) =>
  v.object({ "Idempotency-Key": v.exactOptional(v.pipe(v.string(), v.maxLength(255), v.description(description))) });

const admin = (path: string, summary: string, rest: Partial<Operation>): Operation => ({
  method: "post",
  path,
  tags: ["admin"],
  summary,
  security: AUTH_SECURITY,
  responses: errorAnswers("400", "401", "403", "413", "415"),
  ...rest,
});

/**
 * The OpenAPI part of {@link billingRoutes}, for `openApiDocument`: request
 * bodies and queries are the schemas the routes check; answers are billing's
 * schemas (`Account`, `Usage`, `PaymentRequired`, ...). Its security schemes
 * are auth's (`authOpenApi`).
 *
 * @example
 * ```ts
 * openApiDocument({ info: { title: "my app", version: "1" }, auth: authOpenApi, billing: billingOpenApi({ github: true }) });
 * ```
 */
export function billingOpenApi(options: BillingOpenApiOptions = {}): OpenApiPart {
  const operations: Operation[] = [
    {
      method: "get",
      path: "/balance",
      tags: ["billing"],
      summary: "The caller's balance and totals",
      security: AUTH_SECURITY,
      responses: { 200: jsonAnswer("The account.", Balance), ...errorAnswers("401", "403") },
    },
    {
      method: "get",
      path: "/usage",
      tags: ["billing"],
      summary: "Daily usage and recent charges",
      security: AUTH_SECURITY,
      query: UsageQueryString,
      responses: { 200: jsonAnswer("Usage, newest first.", UsageAnswer), ...errorAnswers("400", "401", "403") },
    },
    {
      method: "get",
      path: "/admin/stats",
      tags: ["admin"],
      summary: "Totals over every user, from the master",
      security: AUTH_SECURITY,
      responses: { 200: jsonAnswer("Totals.", BillingStatsAnswer), ...errorAnswers("401", "403", "404") },
    },
    admin("/admin/balance", "Adjust a user's balance, with a reason (audit-logged)", {
      headers: IdempotencyKey(
        'Required here or as "key" in the body (400 idempotency_key_required): a retried adjustment moves money once.',
      ),
      body: AdjustBody,
      responses: {
        200: jsonAnswer("The adjustment.", AdjustAnswer),
        ...errorAnswers("400", "401", "403", "409", "413", "415"),
      },
    }),
    admin("/admin/credit-limit", "Set a user's credit limit (null: the default)", {
      body: CreditLimitBody,
      responses: {
        200: jsonAnswer("The account.", CreditLimitAnswer),
        ...errorAnswers("400", "401", "403", "413", "415"),
      },
    }),
  ];
  if (options.github) {
    const Ack = v.record(v.string(), v.unknown());
    operations.push({
      method: "post",
      path: "/github-webhook",
      tags: ["billing"],
      summary: "GitHub Sponsors webhook",
      description:
        "Verified with X-Hub-Signature-256 before parsing; each sponsorship credits once per delivery and sponsorship id.",
      headers: v.object({ "X-Hub-Signature-256": v.string() }),
      body: Ack,
      responses: {
        200: jsonAnswer("Applied or acknowledged.", Ack),
        202: jsonAnswer("Ignored event.", Ack),
        ...errorAnswers("400", "401"),
      },
    });
  }
  return openApiPart({
    tags: [
      { name: "billing", description: "Balance, usage, funding (@userdo/billing)." },
      { name: "admin", description: "Admin only." },
    ],
    operations,
  });
}

/**
 * The security, headers and answers of an app's route charged with
 * {@link paid}, to spread into its operation: `ok` is the work's answer;
 * the `Idempotency-Key` header, the replay header, 401 (`Unauthenticated`),
 * 402 (`PaymentRequired`, with where to pay) and 409 come with it.
 *
 * @example
 * ```ts
 * const Answer = v.object({ user: v.string(), balance: v.number() });
 * const op: Operation = { method: "get", path: "/api/paid", summary: "Paid work", ...paidOperation(jsonAnswer("Charged.", Answer)) };
 * ```
 */
export function paidOperation(ok: Answer): Pick<Operation, "security" | "headers" | "responses"> {
  return {
    security: AUTH_SECURITY,
    headers: IdempotencyKey(
      "Send one (any unique string, up to 255 visible ASCII characters) to retry safely: the first request's answer is kept, " +
        "and a retry gets it again (header Idempotent-Replayed: true) without being charged or run again. Without one, each request is charged once.",
    ),
    responses: {
      200: {
        ...ok,
        description: `${ok.description} For a replayed Idempotency-Key: the first answer again (not charged).`,
        headers: v.object({
          "idempotent-replayed": v.exactOptional(
            v.pipe(v.literal("true"), v.description("Present on a replay: the first request's answer, sent again.")),
          ),
        }),
      },
      400: ERROR_RESPONSE,
      401: jsonAnswer("No valid session or token.", Unauthenticated),
      402: jsonAnswer(
        "The balance (or the token's budget) does not cover the call.",
        PaymentRequired,
        v.object({
          location: v.pipe(v.string(), v.description("Where to pay.")),
          link: v.pipe(v.string(), v.description('<url>; rel="payment"')),
        }),
      ),
      403: ERROR_RESPONSE,
      409: jsonAnswer(
        "idempotency_conflict: this Idempotency-Key was used for another request (method, path or body); " +
          "idempotency_in_progress: a request with it is still running, retry when it has finished.",
        ErrorAnswer,
      ),
    },
  };
}
