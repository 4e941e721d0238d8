import { type ProviderName, providerLabel } from "@userdo/auth";
import { type SafeHtml, html } from "./html.js";
import { type Viewer, layout } from "./layout.js";

/** What the landing page needs to know. */
export interface LandingOptions {
  readonly viewer: Viewer | null;
  /** Dev login is on (`SKIP_LOGIN=true` on localhost): the button signs in without GitHub. */
  readonly devLogin: boolean;
  /** The providers this deploy can log in with, one button each. */
  readonly providers: readonly ProviderName[];
  /** The price of one paid request, formatted. */
  readonly price: string;
  /** This Worker's origin, for the curl examples. */
  readonly origin: string;
}

/**
 * `GET /`: what the app is, how to log in, and how to call the paid API.
 *
 * @example
 * ```ts
 * return htmlResponse(landingPage({ viewer: null, devLogin: true, providers: ["github"], price: "$0.01", origin: url.origin }));
 * ```
 */
export function landingPage(options: LandingOptions): SafeHtml {
  const login = "/oauth/login?redirect_uri=%2Fdashboard";
  const action = options.viewer
    ? html`<a class="button primary" href="/dashboard" id="open-dashboard">Open your dashboard</a>`
    : options.devLogin
      ? html`<a class="button primary" href="${login}" id="login">Dev login</a>
          <p class="hint">Dev mode: signs you in as a demo user with $5.00 of demo credit and some usage history. No GitHub account needed.</p>`
      : options.providers.map(
          (provider, i) =>
            html`<a class="button${i === 0 ? " primary" : ""}" href="/oauth/login?provider=${provider}&amp;redirect_uri=%2Fdashboard" id="login-${provider}">Log in with ${providerLabel(provider)}</a> `,
        );
  const body = html`<main class="landing">
  <section class="hero">
    <h1>Charge for your Worker, per request.</h1>
    <p class="lead">Log in, fund your balance, and every call to the paid API costs ${options.price}.
      Each user's balance, charges, sessions and tokens live in their own Durable Object, next to them.</p>
    <div class="actions">${action}</div>
  </section>
  <section class="cards three">
    <div class="card"><h2>One call per paid request</h2><p>The session or token is verified and the charge written in the same transaction of the user's object.</p></div>
    <div class="card"><h2>402 when the balance runs out</h2><p>With <code>Location</code> and <code>Link: rel="payment"</code> pointing to where to pay.</p></div>
    <div class="card"><h2>Scoped API tokens</h2><p>Create tokens with a scope, an expiry and a budget on the dashboard; revoke them any time.</p></div>
  </section>
  <section class="card">
    <h2>Call the API</h2>
    <pre><code>curl -H "Authorization: Bearer $TOKEN" ${options.origin}/api/paid
curl ${options.origin}/balance -H "Authorization: Bearer $TOKEN"
curl ${options.origin}/usage?days=7 -H "Authorization: Bearer $TOKEN"</code></pre>
    <p>Every endpoint is described in <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Visitors without a login are rate-limited by IP.</p>
  </section>
</main>`;
  return layout({ title: "Pay per request", viewer: options.viewer, body });
}
