import type { BillingStats } from "@userdo/billing";
import type { LogEntry, OuterbaseConnection } from "@userdo/core";
import type { RegisteredUser } from "../admin/master-reads.js";
import { formatUsd } from "../pricing.js";
import { type SafeHtml, html } from "./html.js";
import { type Viewer, layout } from "./layout.js";

/** A user row with the "open in Outerbase" details of their object and its latest log lines. */
export interface AdminUserRow extends RegisteredUser {
  readonly studio: OuterbaseConnection;
  readonly log: readonly LogEntry[];
}

/** Everything the admin page shows. */
export interface AdminPageData {
  readonly viewer: Viewer;
  readonly stats: BillingStats;
  readonly users: readonly AdminUserRow[];
  /** The master's shards, each browsable in Outerbase. */
  readonly masters: readonly { readonly name: string; readonly studio: OuterbaseConnection }[];
  /** Whether `STUDIO_TOKEN` is set (the studio is closed without it). */
  readonly studioOpen: boolean;
  /** The user just deleted, to say so. */
  readonly deleted?: string | null;
}

const when = (ms: number) => `${new Date(ms).toISOString().replace("T", " ").slice(0, 16)} UTC`;

function outerbase(studio: OuterbaseConnection): SafeHtml {
  return html`<details><summary>Open in Outerbase</summary>
    <p>Connection type <strong>${studio.type}</strong>, URL <code class="url">${studio.url}</code></p>
    <ol>${studio.steps.map((step) => html`<li>${step}</li>`)}</ol></details>`;
}

function logLines(log: readonly LogEntry[]): SafeHtml {
  if (log.length === 0) return html`<span class="sub">no log lines</span>`;
  return html`<details class="log"><summary>${log.length} latest log lines</summary><ol>${log.map(
    (entry) =>
      html`<li><code>${when(entry.time)} ${entry.level} ${entry.message}${entry.data === null ? "" : ` ${JSON.stringify(entry.data)}`}</code></li>`,
  )}</ol></details>`;
}

function dataActions(id: string): SafeHtml {
  return html`<a href="/admin/export?user=${encodeURIComponent(id)}" download>Export</a>
    <details class="delete"><summary>Delete…</summary>
      <form method="post" action="/admin/delete">
        <input type="hidden" name="user" value="${id}">
        <label>Type <code>${id}</code> to delete this user everywhere: <input name="confirm" required autocomplete="off"></label>
        <button type="submit" class="danger">Delete user</button>
      </form></details>`;
}

function stat(label: string, value: string): SafeHtml {
  return html`<div class="stat"><span class="label">${label}</span><strong class="big">${value}</strong></div>`;
}

/**
 * `GET /admin`: totals from the master, the registry of users with their
 * replicated totals, each user's latest log lines, an export download and a
 * confirmed delete, and how to open any object, or the master, in Outerbase
 * Studio. Never shows a token: the studio token stays with the admin.
 *
 * @example
 * ```ts
 * declare const data: Omit<AdminPageData, "studioOpen">; // the viewer, the master's stats, users and shards
 * return htmlResponse(adminPage({ ...data, studioOpen: true }));
 * ```
 */
export function adminPage(data: AdminPageData): SafeHtml {
  const { stats } = data;
  const rows = data.users.map(
    (u) => html`<tr data-user="${u.id}">
      <td><strong>${u.login ?? "(no profile yet)"}</strong><br><span class="sub">id ${u.id}</span></td>
      <td class="num">${u.balance === null ? "—" : formatUsd(u.balance)}</td>
      <td class="num">${u.spent === null ? "—" : formatUsd(u.spent)}</td>
      <td>${when(u.lastSeen)}</td>
      <td>${outerbase(u.studio)}</td>
      <td>${logLines(u.log)}</td>
      <td>${dataActions(u.id)}</td>
    </tr>`,
  );
  const body = html`<main class="admin">
  ${data.deleted ? html`<p class="notice" id="deleted">Deleted user ${data.deleted}: their object is empty now, and their rows leave the master with the next replication.</p>` : null}
  <section class="card">
    <div class="card-head"><h2>Totals</h2><span class="sub">from the master: every user's replicated account</span></div>
    <div class="kv" id="stats">
      ${stat("Users", String(stats.users))}${stat("Sponsors", String(stats.sponsors))}${stat("Paid in", formatUsd(stats.credited))}
      ${stat("Spent", formatUsd(stats.spent))}${stat("Balances", formatUsd(stats.balance))}${stat("Held", formatUsd(stats.held))}
    </div>
  </section>
  <section class="card">
    <div class="card-head"><h2>Users</h2><span class="sub">the master's registry, most recently active first</span></div>
    <table class="table" id="users"><thead><tr><th>User</th><th class="num">Balance</th><th class="num">Spent</th><th>Last seen</th><th>Studio</th><th>Log</th><th>Data</th></tr></thead>
      <tbody>${rows.length > 0 ? rows : html`<tr><td class="empty" colspan="7">No user has replicated yet (replication runs about a second after a write).</td></tr>`}</tbody></table>
  </section>
  <section class="card">
    <div class="card-head"><h2>Master</h2><span class="sub">the aggregate, browsable like any object (read-only in the studio)</span></div>
    ${data.masters.map((m) => html`<p><strong>${m.name}</strong></p>${outerbase(m.studio)}`)}
    ${data.studioOpen ? null : html`<p class="error">The studio is closed: set the STUDIO_TOKEN secret to open it.</p>`}
  </section>
</main>`;
  return layout({ title: "Admin", viewer: data.viewer, body });
}
