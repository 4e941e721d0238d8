import { meterRequest } from "@userdo/billing";
import { UserDOError } from "@userdo/core";
import type { AppTarget } from "./apps.js";
import { dispatcherOf } from "./dispatcher.js";

/** The header that tells a client how many free requests its app's owner has left this month. */
export const FREE_REMAINING_HEADER = "x-quota-free-remaining";

function wantsHtml(request: Request): boolean {
  return request.method === "GET" && /\btext\/html\b/.test(request.headers.get("accept") ?? "");
}

/**
 * The script's answer. A real dispatch namespace tells that a script is
 * missing only now, by throwing "Worker not found": a 404 to the caller (the
 * request was metered), an error in the log for the operator.
 */
async function forward(script: Fetcher, request: Request, app: AppTarget): Promise<Response> {
  try {
    return await script.fetch(request);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith("Worker not found"))) throw error;
    console.error(`APPS.${app.name} names the script ${app.script}, which is not in the dispatch namespace`);
    throw new UserDOError(404, "app_unavailable", `app ${app.name} is not available`);
  }
}

/**
 * Meters a request against the app owner's prepaid quota (ONE call to the
 * owner's billing object: free while the month's included requests last, then
 * the price per request from the balance) and only then forwards it to the
 * app's script. Quota exhausted: the documented `402` JSON (`limit_exceeded`,
 * with `Location` and `Link: rel="payment"` to the top-up page), or for a
 * browser a `303` to that page. Nothing is forwarded unpaid.
 *
 * @example
 * ```ts
 * const app = appForHost(env.APPS, env.APPS_DOMAIN, url.host);
 * if (app) return dispatchToApp(request, env, app);
 * ```
 */
export async function dispatchToApp(request: Request, env: Env, app: AppTarget): Promise<Response> {
  // The local stand-in knows a missing script here, before anything is metered.
  const script = dispatcherOf(env).get(app.script);
  const topUp = `${env.CONSOLE_URL}/?app=${encodeURIComponent(app.name)}`;
  const metered = await meterRequest(request, env, { users: (env) => env.OWNERS, account: app.owner, payUrl: topUp });
  if (!metered.allowed) {
    if (wantsHtml(request))
      return new Response(null, { status: 303, headers: { location: topUp, "cache-control": "no-store" } });
    return metered.response;
  }
  const answer = await forward(script, request, app);
  const headers = new Headers(answer.headers);
  headers.set(FREE_REMAINING_HEADER, String(metered.remainingFree));
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}
