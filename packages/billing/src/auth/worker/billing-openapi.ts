import { type OpenApiPart, errorAnswers, errorComponents, jsonRequestBody, queryParameters } from "@userdo/core";
import { billingAnswerSchemas } from "./billing-answers.js";
import { AdjustBody, CreditLimitBody, UsageQueryString } from "./route-inputs.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;
const json = (schema: object, description: string) =>
  ({ description, content: { "application/json": { schema } } }) as const;
// auth's security schemes: billingRoutes needs @userdo/auth, whose part defines them.
const authed = [{ session: [] }, { bearer: [] }, { basic: [] }];

/** Which optional routes {@link billingOpenApi} documents: those turned on in `billingRoutes`. */
export interface BillingOpenApiOptions {
  /** `POST /github-webhook` (billingRoutes' `github` option). */
  readonly github?: boolean;
}

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
  const admin = (summary: string, body: Parameters<typeof jsonRequestBody>[0], answer: string) => ({
    post: {
      tags: ["admin"],
      summary,
      security: authed,
      requestBody: jsonRequestBody(body),
      responses: { "200": json({ type: "object" }, answer), ...errorAnswers("400", "401", "403", "413", "415") },
    },
  });
  const adjust = admin("Adjust a user's balance, with a reason (audit-logged)", AdjustBody, "The adjustment.");
  const paths: Record<string, { readonly [method: string]: unknown }> = {
    "/balance": {
      get: {
        tags: ["billing"],
        summary: "The caller's balance and totals",
        security: authed,
        responses: { "200": json(ref("Balance"), "The account."), ...errorAnswers("401", "403") },
      },
    },
    "/usage": {
      get: {
        tags: ["billing"],
        summary: "Daily usage and recent charges",
        security: authed,
        parameters: queryParameters(UsageQueryString),
        responses: { "200": json(ref("Usage"), "Usage, newest first."), ...errorAnswers("400", "401", "403") },
      },
    },
    "/admin/stats": {
      get: {
        tags: ["admin"],
        summary: "Totals over every user, from the master",
        security: authed,
        responses: { "200": json(ref("BillingStats"), "Totals."), ...errorAnswers("401", "403", "501") },
      },
    },
    "/admin/balance": {
      post: {
        ...adjust.post,
        parameters: [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description:
              'Required here or as "key" in the body (400 idempotency_key_required): a retried adjustment moves money once.',
            schema: { type: "string", maxLength: 255 },
          },
        ],
      },
    },
    "/admin/credit-limit": admin("Set a user's credit limit (null: the default)", CreditLimitBody, "The account."),
  };
  if (options.github) {
    paths["/github-webhook"] = {
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
          ...errorAnswers("400", "401"),
        },
      },
    };
  }
  return {
    tags: [
      { name: "billing", description: "Balance, usage, funding (@userdo/billing)." },
      { name: "admin", description: "Admin only." },
    ],
    paths,
    components: { ...errorComponents, schemas: billingAnswerSchemas },
  };
}
