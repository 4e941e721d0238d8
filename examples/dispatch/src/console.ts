import { type AuthUser, getUser, isLocalhost, readAuthConfig } from "@userdo/auth";
import { formatUsd } from "@userdo/billing";
import { readAccount } from "@userdo/billing/auth";
import { UserDOError, escapeHtml } from "@userdo/core";
import { appsOf } from "./apps.js";
import { INCLUDED_REQUESTS, PRICE_PER_REQUEST } from "./owner-object.js";

// No script runs on the console; forms post only here.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'; base-uri 'none'";
const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:680px;margin:40px auto;padding:0 16px;color:#1c2333}.sub{color:#667085}code{background:#f2f4f7;padding:2px 6px;border-radius:6px}";

function page(body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hosting console</title><style>${STYLE}</style></head><body>${body}</body></html>`;
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": CSP,
    },
  });
}

function appUrl(env: Env, request: Request, name: string): string {
  const url = new URL(request.url);
  return `${url.protocol}//${name}.${env.APPS_DOMAIN}${url.port ? `:${url.port}` : ""}/`;
}

async function owner(request: Request, env: Env): Promise<AuthUser | null> {
  try {
    return await getUser(request, env, { users: (env) => env.OWNERS });
  } catch (error) {
    if (error instanceof UserDOError && error.status === 401) return null;
    throw error;
  }
}

/**
 * `GET /` of the console: an owner's apps, prepaid balance and plan, and the
 * top-up form (a Stripe Checkout session; the webhook credits it, once).
 *
 * @example
 * ```ts
 * if (url.pathname === "/") return consolePage(request, env);
 * ```
 */
export async function consolePage(request: Request, env: Env): Promise<Response> {
  const me = await owner(request, env);
  const plan = `${INCLUDED_REQUESTS} requests a month free, then ${formatUsd(PRICE_PER_REQUEST)} each from your prepaid balance.`;
  if (!me) {
    const dev = readAuthConfig(env).skipLogin && isLocalhost(new URL(request.url));
    return page(
      `<h1>Hosting console</h1><p>${escapeHtml(plan)}</p><p><a href="/oauth/login">${dev ? "Dev login" : "Log in with GitHub"}</a></p>`,
    );
  }
  const account = await readAccount(request, env, { users: (env) => env.OWNERS });
  const apps = appsOf(env.APPS, me.user)
    .map((name) => `<li><a href="${escapeHtml(appUrl(env, request, name))}">${escapeHtml(name)}</a></li>`)
    .join("");
  const asked = new URL(request.url).searchParams.get("app");
  const notice = asked
    ? `<p><strong>${escapeHtml(asked)}</strong> has used its free requests and the balance is empty: top up to keep it answering.</p>`
    : "";
  return page(`<h1>Hosting console of ${escapeHtml(me.profile?.login ?? me.user)}</h1>${notice}
<p>Balance <strong>${escapeHtml(formatUsd(account?.account.balance ?? 0))}</strong>. <span class="sub">${escapeHtml(plan)}</span></p>
<h2>Your apps</h2><ul>${apps || "<li class=sub>No apps yet.</li>"}</ul>
<h2>Top up</h2>
<form method="post" action="/stripe/checkout"><select name="amountCents"><option value="500">$5</option><option value="2000">$20</option><option value="10000">$100</option></select>
<button>Pay with Stripe</button></form>
<form method="post" action="/oauth/logout"><p><button>Log out</button></p></form>`);
}
