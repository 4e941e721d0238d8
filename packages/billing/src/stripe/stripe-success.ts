import { UserDOError, errorResponse, escapeHtml, userStub } from "@userdo/core";
import { assertKey } from "../shared/validate.js";
import { formatUsd } from "../shared/money.js";
import { credentialOf } from "../auth/worker/credential.js";
import { READ_SCOPE } from "../auth/worker/scopes.js";
import { unauthenticated } from "../worker/payment-required.js";
import type { StripeOptions } from "./stripe-options.js";

async function successPage<Env>(request: Request, env: Env, options: StripeOptions<Env>): Promise<Response> {
  if (request.method !== "GET") throw new UserDOError(405, "method_not_allowed", "GET only");
  const sessionId = new URL(request.url).searchParams.get("session_id");
  assertKey(sessionId, "session_id");
  const credential = await credentialOf(request, env);
  if (!credential) return unauthenticated();
  const stub = userStub(options.users(env), credential.user);
  const me = await stub.billingAccountAs(credential, { scope: READ_SCOPE });
  if (!me.authenticated) return unauthenticated();
  const status = await stub.billingCreditStatus("stripe", sessionId);
  const line = status.credited
    ? `Thank you: ${formatUsd(status.amount)} was added to your balance.`
    : "Thank you: your payment is being confirmed and will appear in your balance shortly.";
  const html = `<!doctype html><meta charset="utf-8"><title>Payment received</title>
<h1>Payment received</h1>
<p>${escapeHtml(line)}</p>
<p>Balance: ${escapeHtml(formatUsd(status.balance))}</p>
<p><a href="/">Continue</a></p>`;
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-credited": String(status.credited),
    },
  });
}

/**
 * `GET /stripe/success?session_id=cs_...`: the page Stripe returns to. It only
 * READS: whether the webhook has credited this session yet, and the balance.
 * Refreshing it never credits anything.
 *
 * @example
 * ```ts
 * declare const stripeOptions: StripeOptions<Env>; // what stripeRoutes was given
 * return handleSuccess(request, env, stripeOptions); // HTML; header x-credited: true | false
 * ```
 */
export async function handleSuccess<Env>(request: Request, env: Env, options: StripeOptions<Env>): Promise<Response> {
  try {
    return await successPage(request, env, options);
  } catch (error) {
    // Mounted on its own, the route still answers JSON {error, code} with the error's status.
    return errorResponse(error);
  }
}
