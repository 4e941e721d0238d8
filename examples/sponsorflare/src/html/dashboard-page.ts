import { type SafeHtml, html } from "./html.js";
import { type Viewer, layout } from "./layout.js";

/** What the dashboard's frame needs; the data itself is loaded by `/assets/dashboard.js`. */
export interface DashboardOptions {
  readonly viewer: Viewer;
  /** Micro-dollars one paid request costs. */
  readonly price: number;
  /** Where to add funds. */
  readonly payUrl: string;
}

/**
 * `GET /dashboard`: balance, a bar chart of daily usage, recent charges,
 * tokens and sessions. The page holds no data and no secret: its script reads
 * `/usage`, `/oauth/tokens` and `/oauth/sessions` with the session cookie, and
 * shows a new token once, in the page, never in the HTML the server sends.
 *
 * @example
 * ```ts
 * const viewer: Viewer = { login: "octocat", avatarUrl: null, admin: false };
 * return htmlResponse(dashboardPage({ viewer, price: PRICE_PER_REQUEST, payUrl: DEFAULT_PAY_URL }));
 * ```
 */
export function dashboardPage(options: DashboardOptions): SafeHtml {
  const body = html`<main class="dashboard" id="dashboard" data-price="${options.price}">
  <section class="stats">
    <div class="card stat"><span class="label">Balance</span><strong id="balance" class="big">…</strong>
      <span class="sub" id="available"></span></div>
    <div class="card stat"><span class="label">Spent, last 30 days</span><strong id="spent-30" class="big">…</strong>
      <span class="sub" id="requests-30"></span></div>
    <div class="card stat actions-card">
      <button class="button primary" id="paid-request" type="button">Make a paid request</button>
      <a class="button" href="${options.payUrl}" rel="noopener" id="add-funds">Add funds</a>
      <span class="sub" id="paid-result" role="status" aria-live="polite"></span>
    </div>
  </section>
  <section class="card">
    <div class="card-head"><h2>Daily usage</h2><span class="sub">last 30 days, UTC</span></div>
    <div class="chart" id="chart" role="img" aria-label="Daily spend over the last 30 days"></div>
  </section>
  <section class="grid-2">
    <div class="card">
      <div class="card-head"><h2>Recent charges</h2></div>
      <table class="table"><thead><tr><th>When</th><th>What</th><th class="num">Amount</th><th class="num">Balance</th></tr></thead>
        <tbody id="charges"></tbody></table>
    </div>
    <div class="card">
      <div class="card-head"><h2>API tokens</h2></div>
      <form id="token-form" class="token-form">
        <input name="name" id="token-name" placeholder="Token name" maxlength="100" required>
        <input name="budget" id="token-budget" placeholder="Budget ($)" inputmode="decimal" pattern="[0-9]{1,6}([.][0-9]{1,2})?">
        <button class="button primary" type="submit" id="create-token">Create token</button>
      </form>
      <div id="new-token" class="new-token" hidden>
        <p>Copy this token now; it is shown once:</p>
        <code id="new-token-value"></code>
        <p class="sub">Try it: <code>curl -H "Authorization: Bearer &lt;token&gt;" <span id="origin"></span>/api/paid</code></p>
      </div>
      <table class="table"><thead><tr><th>Name</th><th class="wide">Scopes</th><th>Budget</th><th>Last used</th><th></th></tr></thead>
        <tbody id="tokens"></tbody></table>
    </div>
  </section>
  <section class="card">
    <div class="card-head"><h2>Sessions</h2></div>
    <table class="table"><thead><tr><th>Started</th><th>Device</th><th>Last used</th><th class="wide">Expires</th><th></th></tr></thead>
      <tbody id="sessions"></tbody></table>
  </section>
  <p class="error" id="error" role="alert" hidden></p>
</main>`;
  return layout({ title: "Dashboard", viewer: options.viewer, body, script: "/assets/dashboard.js" });
}
