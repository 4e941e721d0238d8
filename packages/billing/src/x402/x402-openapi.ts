import type { OpenApiPart } from "@userdo/core";

type Json = { readonly [key: string]: unknown };

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/X402Error" } } },
});
const paymentRequired = {
  description:
    "Payment required: PAYMENT-REQUIRED (base64 JSON, x402 v2) says what to pay; the JSON says where else to pay.",
  headers: { "PAYMENT-REQUIRED": { $ref: "#/components/headers/PaymentRequired" } },
  content: { "application/json": { schema: { $ref: "#/components/schemas/X402Error" } } },
};

/** The answers an x402 route adds to its operation (besides its own 200). */
const x402Responses = {
  "400": error("PAYMENT-SIGNATURE is not an x402 v2 exact payment (bad_payment)."),
  "402": paymentRequired,
  "409": error("This payment was used already (payment_used)."),
  "502": error("The facilitator failed (facilitator_unavailable), or settlement is unknown (settlement_unknown)."),
  "504": error("The facilitator did not answer in time (facilitator_timeout)."),
};

/**
 * An app's operation (its paid route's `get`, say) made payable by x402 in
 * the OpenAPI document: the `PAYMENT-SIGNATURE` header, `PAYMENT-RESPONSE` on
 * its 200, the 402 with `PAYMENT-REQUIRED`, the balance key as a security
 * scheme, and the x402 refusals. Its components are in {@link x402OpenApi}.
 *
 * @example
 * ```ts
 * const get = withX402Operation({ summary: "The paid route", responses: { "200": { description: "The answer." } } });
 * ```
 */
export function withX402Operation(operation: Json): Json {
  const responses = (operation.responses ?? {}) as Record<string, Json>;
  const ok = responses["200"] ?? { description: "The answer." };
  const security = (operation.security ?? []) as Json[];
  return {
    ...operation,
    parameters: [...((operation.parameters ?? []) as Json[]), { $ref: "#/components/parameters/PaymentSignature" }],
    security: [...security, { x402Key: [] }, {}],
    responses: {
      ...x402Responses,
      ...responses,
      "200": {
        ...ok,
        headers: {
          ...((ok.headers ?? {}) as Json),
          "PAYMENT-RESPONSE": { $ref: "#/components/headers/PaymentResponse" },
        },
      },
      "402": paymentRequired,
    },
  };
}

/** Which x402 routes {@link x402OpenApi} documents. */
export interface X402OpenApiOptions {
  /** The path `x402TopUp` is mounted on (e.g. `/x402/top-up`); omitted: not documented. */
  readonly topUp?: string;
}

/**
 * The OpenAPI part of `@userdo/billing/x402`, for core's `openApiDocument`
 * (`extra`): the top-up route and the components every x402 operation refers
 * to (`PAYMENT-SIGNATURE`, `PAYMENT-REQUIRED`, `PAYMENT-RESPONSE`, the
 * `x402Key` bearer scheme). Mark the app's paid operations with
 * {@link withX402Operation}.
 *
 * @example
 * ```ts
 * openApiDocument({ info: { title: "my app", version: "1" }, extra: x402OpenApi({ topUp: "/x402/top-up" }) });
 * ```
 */
export function x402OpenApi(options: X402OpenApiOptions = {}): OpenApiPart {
  const paths: Record<string, Json> = {};
  if (options.topUp !== undefined) {
    paths[options.topUp] = {
      post: {
        tags: ["x402"],
        summary: "Top up a wallet's balance with one x402 payment; answers a key that spends it",
        parameters: [{ $ref: "#/components/parameters/PaymentSignature" }],
        responses: {
          ...x402Responses,
          "200": {
            description: "Credited; the key is shown once.",
            headers: { "PAYMENT-RESPONSE": { $ref: "#/components/headers/PaymentResponse" } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/X402TopUp" } } },
          },
        },
      },
    };
  }
  const base64Json = { type: "string", description: "base64 of JSON" };
  return {
    paths,
    tags: [{ name: "x402", description: "Agents pay per request with x402 (https://x402.org)." }],
    components: {
      parameters: {
        PaymentSignature: {
          name: "PAYMENT-SIGNATURE",
          in: "header",
          required: false,
          description: "An x402 v2 payment payload (exact scheme, EIP-3009 authorization), base64 JSON.",
          schema: { ...base64Json, maxLength: 8192 },
        },
      },
      headers: {
        PaymentRequired: { description: "What to pay: x402 v2 PaymentRequired, base64 JSON.", schema: base64Json },
        PaymentResponse: { description: "The settlement: x402 v2 SettleResponse, base64 JSON.", schema: base64Json },
      },
      securitySchemes: {
        x402Key: { type: "http", scheme: "bearer", description: "A balance key a top-up answered (x402_…)." },
      },
      schemas: {
        X402Error: {
          type: "object",
          required: ["error", "code"],
          properties: { error: { type: "string" }, code: { type: "string" } },
        },
        X402TopUp: {
          type: "object",
          required: ["user", "credited", "balance", "key", "transaction"],
          properties: {
            user: { type: "string", description: "x402-<address>" },
            credited: { type: "integer", description: "Micro-dollars." },
            balance: { type: "integer", description: "Micro-dollars." },
            key: { type: "string", description: "Authorization: Bearer <key> spends the balance." },
            transaction: { type: "string" },
          },
        },
      },
    },
  };
}
