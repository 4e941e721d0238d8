// The dashboard's script: loads the caller's usage, tokens and sessions from the
// JSON endpoints (same origin, session cookie) and renders them with textContent
// only, so nothing from the server is ever parsed as HTML.
// biome-ignore lint/suspicious/noRedundantUseStrict: a classic script (<script defer>), not a module: strict mode needs the directive
"use strict";

const UNITS_PER_USD = 1_000_000;
const DAYS = 30;
const DAY_MS = 86_400_000;

const root = document.getElementById("dashboard");
const price = Number(root.dataset.price);

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** Units to dollars with integer arithmetic: $4.92, or $0.0001 for sub-cent values. */
function usd(units) {
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  const fraction = String(abs % UNITS_PER_USD).padStart(6, "0");
  const digits = Math.max(2, fraction.replace(/0+$/, "").length);
  return `${sign}$${Math.floor(abs / UNITS_PER_USD).toLocaleString("en-US")}.${fraction.slice(0, digits)}`;
}

/** A short relative time: "just now", "5 min ago", "3 h ago", else the date. */
function ago(ms) {
  if (ms === null || ms === undefined) return "never";
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

/** An element with text content and optional class. */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** A table row; each cell is text or a node. */
function row(cells) {
  const tr = document.createElement("tr");
  for (const cell of cells) {
    const td = document.createElement("td");
    if (cell instanceof Node) td.append(cell);
    else td.textContent = String(cell);
    tr.append(td);
  }
  return tr;
}

function emptyRow(body, columns, text) {
  const tr = document.createElement("tr");
  const td = el("td", text, "empty");
  td.colSpan = columns;
  tr.append(td);
  body.replaceChildren(tr);
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    credentials: "same-origin",
    headers: { accept: "application/json", ...(options.headers ?? {}) },
  });
  const body = await response.json().catch(() => null);
  if (response.status === 401) {
    location.assign("/oauth/login?redirect_uri=%2Fdashboard");
    throw new Error("logged out");
  }
  if (!response.ok) {
    const error = new Error(body?.error || `${response.status} ${response.statusText}`);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

// ---- chart -----------------------------------------------------------------

let lastDaily = [];

/** The last DAYS UTC days, oldest first, with each day's spend (0 when none). */
function dayBuckets(daily) {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const today = Date.now();
  const days = [];
  for (let i = DAYS - 1; i >= 0; i--) {
    const day = new Date(today - i * DAY_MS).toISOString().slice(0, 10);
    const seen = byDay.get(day);
    days.push({ day, spent: seen ? seen.spent : 0, charges: seen ? seen.charges : 0 });
  }
  return days;
}

/**
 * Bars in a CSS grid of as many equal columns as there are days: the bar width
 * follows the chart's width and the number of bars. Labels are thinned so they
 * never overlap, recomputed when the chart is resized.
 */
function renderChart(daily) {
  lastDaily = daily;
  const chart = $("chart");
  const days = dayBuckets(daily);
  const max = Math.max(...days.map((d) => d.spent), 1);
  const width = chart.clientWidth || 600;
  const labelEvery = Math.max(1, Math.ceil(days.length / Math.max(2, Math.floor(width / 64))));
  chart.style.setProperty("--bars", String(days.length));

  const plot = el("div", null, "plot");
  const axis = el("div", null, "axis");
  axis.append(el("span", usd(max)), el("span", usd(Math.round(max / 2))), el("span", "$0"));
  const bars = el("div", null, "bars");
  const labels = el("div", null, "labels");
  days.forEach((d, i) => {
    const slot = el("div", null, "slot");
    const bar = el("div", null, d.spent > 0 ? "bar" : "bar zero");
    bar.style.height = `${(d.spent / max) * 100}%`;
    bar.dataset.day = d.day;
    bar.dataset.spent = String(d.spent);
    slot.title = `${d.day}: ${d.charges} requests, ${usd(d.spent)}`;
    slot.append(bar);
    bars.append(slot);
    const show = (days.length - 1 - i) % labelEvery === 0;
    labels.append(el("span", show ? d.day.slice(5) : ""));
  });
  plot.append(axis, bars);
  chart.replaceChildren(plot, labels);
  chart.dataset.bars = String(days.filter((d) => d.spent > 0).length);
}

new ResizeObserver(() => renderChart(lastDaily)).observe($("chart"));

// ---- tables ----------------------------------------------------------------

function sourceLabel(source) {
  if (!source) return "charge";
  try {
    return new URL(source).pathname;
  } catch {
    return source;
  }
}

function renderCharges(charges) {
  const body = $("charges");
  if (charges.length === 0) return emptyRow(body, 4, "No charges yet. Make a paid request.");
  body.replaceChildren(
    ...charges.map((c) => {
      const tr = row([ago(c.at), sourceLabel(c.source), usd(c.amount), usd(c.balanceAfter)]);
      tr.children[2].className = "num";
      tr.children[3].className = "num";
      return tr;
    }),
  );
}

function renderTokens(tokens) {
  const body = $("tokens");
  if (tokens.length === 0) return emptyRow(body, 5, "No tokens yet.");
  body.replaceChildren(
    ...tokens.map((t) => {
      let action;
      if (t.revokedAt !== null) action = el("span", "revoked", "badge");
      else if (t.expiresAt <= Date.now()) action = el("span", "expired", "badge");
      else {
        action = el("button", "Revoke", "button small danger");
        action.type = "button";
        action.dataset.revokeToken = t.id;
        action.setAttribute("aria-label", `Revoke token ${t.name}`);
      }
      const tr = row([t.name, t.scopes.join(" "), t.budget === null ? "—" : usd(t.budget), ago(t.lastUsedAt), action]);
      tr.children[1].className = "wide";
      tr.dataset.tokenId = t.id;
      return tr;
    }),
  );
}

function device(userAgent) {
  if (!userAgent) return "unknown";
  const match = /(Firefox|Edg|Chrome|Safari|curl)\/[0-9]+/.exec(userAgent);
  return match ? match[0].replace("Edg/", "Edge/") : userAgent.slice(0, 40);
}

function renderSessions(sessions) {
  const body = $("sessions");
  if (sessions.length === 0) return emptyRow(body, 5, "No sessions.");
  body.replaceChildren(
    ...sessions.map((s) => {
      const end = el("button", "End", "button small");
      end.type = "button";
      end.dataset.endSession = s.id;
      const tr = row([
        ago(s.createdAt),
        device(s.userAgent),
        ago(s.lastUsedAt),
        new Date(s.expiresAt).toLocaleDateString(),
        end,
      ]);
      tr.children[3].className = "wide";
      return tr;
    }),
  );
}

function renderAccount(account, daily) {
  $("balance").textContent = usd(account.balance);
  $("balance").classList.toggle("negative", account.balance < price);
  $("available").textContent =
    `${Math.max(0, Math.floor(account.available / price)).toLocaleString("en-US")} paid requests left`;
  const days = dayBuckets(daily);
  const spent = days.reduce((sum, d) => sum + d.spent, 0);
  const requests = days.reduce((sum, d) => sum + d.charges, 0);
  $("spent-30").textContent = usd(spent);
  $("requests-30").textContent = `${requests.toLocaleString("en-US")} requests`;
}

// ---- loading and actions ---------------------------------------------------

async function refresh() {
  const [usage, tokens, sessions] = await Promise.all([
    api(`/usage?days=${DAYS}&limit=15`),
    api("/oauth/tokens"),
    api("/oauth/sessions"),
  ]);
  renderAccount(usage.account, usage.daily);
  renderChart(usage.daily);
  renderCharges(usage.charges);
  renderTokens(tokens.tokens);
  renderSessions(sessions.sessions);
  root.dataset.loaded = String(Number(root.dataset.loaded ?? 0) + 1);
}

async function paidRequest() {
  const result = $("paid-result");
  try {
    // One key per click: a retried click is charged once.
    const answer = await api("/api/paid", { method: "POST", headers: { "idempotency-key": crypto.randomUUID() } });
    result.textContent = answer.message;
    result.className = "sub ok";
  } catch (error) {
    if (error.status !== 402) throw error;
    result.textContent = "Balance too low: add funds to keep going.";
    result.className = "sub warn";
  }
  await refresh();
}

/** Dollars typed by the user ("2.50") to integer units, without floats. */
function dollarsToUnits(text) {
  const match = /^([0-9]{1,6})(?:\.([0-9]{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNITS_PER_USD + Number((match[2] ?? "").padEnd(2, "0")) * 10_000;
}

async function createToken(event) {
  event.preventDefault();
  const name = $("token-name").value.trim();
  const budgetText = $("token-budget").value;
  const budget = budgetText.trim() === "" ? null : dollarsToUnits(budgetText);
  if (budgetText.trim() !== "" && budget === null) return showError("The budget is a dollar amount such as 2.50.");
  const issued = await api("/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, scopes: ["api:paid"], budget, expiresIn: 30 * 86_400 }),
  });
  $("new-token-value").textContent = issued.token;
  $("new-token").hidden = false;
  $("token-form").reset();
  await refresh();
}

async function onClick(event) {
  const target = event.target instanceof Element ? event.target.closest("button") : null;
  if (!target) return;
  if (target.id === "paid-request") {
    target.disabled = true;
    try {
      await paidRequest();
    } finally {
      target.disabled = false;
    }
  } else if (target.dataset.revokeToken) {
    await api(`/oauth/tokens/${encodeURIComponent(target.dataset.revokeToken)}`, { method: "DELETE" });
    await refresh();
  } else if (target.dataset.endSession) {
    await api(`/oauth/sessions/${encodeURIComponent(target.dataset.endSession)}`, { method: "DELETE" });
    await refresh();
  }
}

const report = (error) => {
  if (error && error.message !== "logged out") showError(error.message || String(error));
};
document.addEventListener("click", (event) => onClick(event).catch(report));
$("token-form").addEventListener("submit", (event) => createToken(event).catch(report));
$("origin").textContent = location.origin;
refresh().catch(report);
