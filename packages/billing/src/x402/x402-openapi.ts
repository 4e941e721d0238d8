import {
  type Answer,
  type FieldsSchema,
  type OpenApiPart,
  type Operation,
  ERROR_RESPONSE,
  ErrorAnswer,
  bearerScheme,
  jsonAnswer,
  openApiPart,
} from "@userdo/core";
import * as v from "valibot";
import { MAX_PAYMENT_HEADER } from "./payment-check.js";
import { X402TopUpAnswerSchema } from "./top-up.js";

// Headers as the protocol spells them (HTTP reads them in any case).
const base64Json = (description: string) => v.pipe(v.string(), v.description(`${description}, base64 JSON.`));

const PaymentSignature = {
  "PAYMENT-SIGNATURE": v.exactOptional(
    v.pipe(
      v.string(),
      v.maxLength(MAX_PAYMENT_HEADER),
      v.description("An x402 v2 payment payload (exact scheme, EIP-3009 authorization), base64 JSON."),
    ),
  ),
};
const PaymentResponse = { "PAYMENT-RESPONSE": base64Json("The settlement: x402 v2 SettleResponse") };
const PaymentRequired = { "PAYMENT-REQUIRED": base64Json("What to pay: x402 v2 PaymentRequired") };

/** The refusals an x402 route adds to its operation, by status. */
const REFUSALS: Readonly<Record<string, string>> = {
  400: "bad_payment: PAYMENT-SIGNATURE is not an x402 v2 exact payment.",
  402: "Payment required: PAYMENT-REQUIRED says what to pay with x402; the JSON says where else to pay.",
  409: "payment_used: this payment was used already.",
  502: "facilitator_unavailable: the facilitator failed; settlement_unknown: settlement was sent, its outcome is not known.",
  504: "facilitator_timeout: the facilitator did not answer in time.",
};

const ERROR_ANSWER = jsonAnswer("An error: what was wrong and what to do next, and a stable code.", ErrorAnswer);

function answerOf(answer: Answer | typeof ERROR_RESPONSE | undefined): Answer | undefined {
  return answer === ERROR_RESPONSE ? ERROR_ANSWER : (answer as Answer | undefined);
}

function withFields(fields: FieldsSchema | undefined, more: v.ObjectEntries): FieldsSchema {
  return v.object({ ...(fields?.entries ?? {}), ...more });
}

/**
 * An app's paid operation made payable by x402, for `openApiPart`: the
 * `PAYMENT-SIGNATURE` header, `PAYMENT-RESPONSE` on its 200, `PAYMENT-REQUIRED`
 * on its 402, the balance key (`x402Key`) as another way in, and the x402
 * refusals beside the operation's own. Compose {@link x402OpenApi} too: it
 * defines `x402Key`.
 *
 * @example
 * ```ts
 * const Answer = v.object({ ok: v.boolean() });
 * const op = x402Operation({ method: "get", path: "/api/paid", summary: "Paid work", responses: { 200: jsonAnswer("The work.", Answer) } });
 * ```
 */
export function x402Operation(operation: Operation): Operation {
  const responses: Record<string, Answer | typeof ERROR_RESPONSE> = { ...operation.responses };
  for (const [status, refusal] of Object.entries(REFUSALS)) {
    const own = answerOf(responses[status]);
    responses[status] = own
      ? { ...own, description: `${own.description} ${refusal}` }
      : jsonAnswer(refusal, ErrorAnswer);
  }
  const ok = answerOf(responses[200]) ?? { description: "The answer." };
  const refused = answerOf(responses[402]) as Answer;
  responses[200] = { ...ok, headers: withFields(ok.headers, PaymentResponse) };
  responses[402] = { ...refused, headers: withFields(refused.headers, PaymentRequired) };
  const security = operation.security ?? [];
  const anonymous = security.some((way) => typeof way !== "string");
  return {
    ...operation,
    security: [...security, "x402Key", ...(anonymous ? [] : [{}])],
    headers: withFields(operation.headers, PaymentSignature),
    responses,
  };
}

/** Which x402 routes {@link x402OpenApi} documents. */
export interface X402OpenApiOptions {
  /** The path `x402TopUp` is mounted on (e.g. `/x402/top-up`); omitted: not documented. */
  readonly topUp?: string;
}

/**
 * x402's part of an OpenAPI document, for core's `openApiDocument({ extra })`:
 * the `x402Key` security scheme (a top-up's balance key) and, with `topUp`,
 * the top-up route. Mark the app's paid operations with {@link x402Operation}.
 *
 * @example
 * ```ts
 * openApiDocument({ info: { title: "my app", version: "1" }, extra: x402OpenApi({ topUp: "/x402/top-up" }) });
 * ```
 */
export function x402OpenApi(options: X402OpenApiOptions = {}): OpenApiPart {
  const topUp: Operation = {
    method: "post",
    path: options.topUp ?? "",
    tags: ["x402"],
    summary: "Top up a wallet's balance with one x402 payment; answers a key that spends it",
    security: [{}],
    responses: { 200: jsonAnswer("Credited; the key is shown once.", X402TopUpAnswerSchema) },
  };
  const { security: _none, ...payable } = x402Operation(topUp);
  return openApiPart({
    tags: [{ name: "x402", description: "Agents pay per request with x402 (https://x402.org)." }],
    schemas: { X402TopUp: X402TopUpAnswerSchema },
    securitySchemes: { x402Key: bearerScheme("A balance key a top-up answered (x402_…).") },
    operations: options.topUp === undefined ? [] : [{ ...payable, security: [{}] }],
  });
}
