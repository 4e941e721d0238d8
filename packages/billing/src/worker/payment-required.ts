import { errorResponse } from "@userdo/core";
import type { RefusalReason } from "../shared/ledger-types.js";

/** What a 402 answer tells the client. */
export interface PaymentRequiredInfo {
  readonly reason: RefusalReason;
  readonly message: string;
  /** Micro-dollars the request would have cost. */
  readonly amount: number;
  readonly balance: number;
  readonly available: number;
  /** Where to pay: a GitHub Sponsors page, a top-up route. */
  readonly payUrl: string | null;
}

/**
 * A ready `402 Payment Required` answer: JSON `{"error", "code", "amount",
 * "balance", "available", "payUrl"}`, with `Location` and `Link: <…>; rel="payment"`
 * pointing to where to pay.
 *
 * @example
 * ```ts
 * return paymentRequired({ reason: "insufficient_funds", message: "top up", amount: 100, balance: 0, available: 0, payUrl: "https://github.com/sponsors/me" });
 * ```
 */
export function paymentRequired(info: PaymentRequiredInfo): Response {
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  if (info.payUrl) {
    headers.set("location", info.payUrl);
    headers.set("link", `<${encodeURI(info.payUrl)}>; rel="payment"`);
  }
  const body = {
    error: info.message,
    code: info.reason,
    amount: info.amount,
    balance: info.balance,
    available: info.available,
    payUrl: info.payUrl,
  };
  return new Response(JSON.stringify(body), { status: 402, headers });
}

/**
 * The `401` answer of a paid route called without a valid session or token.
 *
 * @example
 * ```ts
 * if (!credential) return unauthenticated("/oauth/login");
 * ```
 */
export function unauthenticated(loginUrl: string | null = null): Response {
  const body = { error: "log in or send an API token to use this paid route", code: "unauthenticated", loginUrl };
  return Response.json(body, { status: 401, headers: { "www-authenticate": 'Bearer realm="userdo"' } });
}

const REASONS: ReadonlySet<string> = new Set(["insufficient_funds", "token_budget_exceeded", "limit_exceeded"]);

/**
 * The answer for an error a billing method threw: a `402` with where to pay
 * for a charge that was not covered (`PaymentRequiredError`, also after an
 * RPC hop), else the JSON `{error, code}` answer of `errorResponse`.
 *
 * @example
 * ```ts
 * try {
 *   return Response.json(await stub.addNote("a note", "note-1")); // charges inside the object
 * } catch (error) {
 *   return billingErrorResponse(error, { payUrl: "https://github.com/sponsors/me" });
 * }
 * ```
 */
export function billingErrorResponse(error: unknown, options: { readonly payUrl?: string } = {}): Response {
  const e = error as Partial<Record<"status" | "reason" | "message" | "amount" | "balance" | "available", unknown>>;
  if (
    e?.status === 402 &&
    typeof e.reason === "string" &&
    REASONS.has(e.reason) &&
    typeof e.message === "string" &&
    typeof e.amount === "number" &&
    typeof e.balance === "number" &&
    typeof e.available === "number"
  ) {
    return paymentRequired({
      reason: e.reason as RefusalReason,
      message: e.message,
      amount: e.amount,
      balance: e.balance,
      available: e.available,
      payUrl: options.payUrl ?? null,
    });
  }
  return errorResponse(error);
}
