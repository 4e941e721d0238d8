import { type ProviderName, providerLabel } from "@userdo/auth";
import { escapeHtml } from "@userdo/core";
import type { Todo } from "./todo-do.js";

const STYLE = `body{font-family:system-ui,sans-serif;max-width:640px;margin:40px auto;padding:0 16px;color:#1c2333}
h1{font-size:1.6rem}form{display:inline}ul{list-style:none;padding:0}li{display:flex;gap:8px;align-items:center;padding:8px 0;border-bottom:1px solid #e4e7ee}
li .title{flex:1}li.done .title{text-decoration:line-through;color:#667085}input[name=title]{padding:8px;width:70%}
button{padding:6px 12px;cursor:pointer}.sub{color:#667085;font-size:.9rem}header{display:flex;justify-content:space-between;align-items:center}`;

// No script may run on these pages; forms post only to this origin.
const CSP =
  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function frame(title: string, body: string): Response {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
  return new Response(page, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
    },
  });
}

/** A form that posts `fields` (each with a fresh idempotency key) to `action`. */
function postForm(action: string, fields: Readonly<Record<string, string>>, label: string): string {
  const inputs = Object.entries({ ...fields, key: crypto.randomUUID() })
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<form method="post" action="${escapeHtml(action)}">${inputs}<button>${escapeHtml(label)}</button></form>`;
}

/**
 * `GET /` for a visitor: what the app is and how to log in (dev login, or one
 * link per configured provider).
 *
 * @example
 * ```ts
 * return loginPage(false, loginProviders(env));
 * ```
 */
export function loginPage(devLogin: boolean, providers: readonly ProviderName[]): Response {
  const links = devLogin
    ? `<a href="/oauth/login">Dev login (no GitHub needed)</a>`
    : providers
        .map((p) => `<a href="/oauth/login?provider=${escapeHtml(p)}">Log in with ${escapeHtml(providerLabel(p))}</a>`)
        .join(" · ");
  return frame(
    "Todos",
    `<h1>Your todos, in your own database</h1>
<p>Each user's todos live in that user's Durable Object. Every change costs $0.001 from your balance.</p>
<p>${links}</p>`,
  );
}

/** What the todo page shows. */
export interface TodoPageData {
  readonly login: string;
  /** The balance, formatted. */
  readonly balance: string;
  readonly todos: readonly Todo[];
}

/**
 * `GET /` for a logged-in user: the list and its forms. Every value is
 * escaped; every change is a POST form with a fresh idempotency key, so a
 * double submit changes and charges once.
 *
 * @example
 * ```ts
 * const todos = await userStub(env.TODOS, user).list({ user, via: "session", tokenId: null });
 * return todoPage({ login: "octocat", balance: "$4.99", todos });
 * ```
 */
export function todoPage(data: TodoPageData): Response {
  const items = data.todos
    .map((t) => {
      const toggle = postForm(`/todos/${t.id}`, { action: t.done ? "open" : "done" }, t.done ? "Reopen" : "Done");
      const remove = postForm(`/todos/${t.id}`, { action: "delete" }, "Delete");
      return `<li class="${t.done ? "done" : "open"}" data-id="${t.id}"><span class="title">${escapeHtml(t.title)}</span>${toggle}${remove}</li>`;
    })
    .join("");
  const add = `<form method="post" action="/todos"><input type="hidden" name="key" value="${crypto.randomUUID()}">
<input name="title" maxlength="200" required placeholder="What needs doing?" autofocus> <button>Add</button></form>`;
  return frame(
    "Todos",
    `<header><h1>Todos of ${escapeHtml(data.login)}</h1><form method="post" action="/oauth/logout"><button>Log out</button></form></header>
<p class="sub">Balance ${escapeHtml(data.balance)} · each change costs $0.001</p>
${add}
<ul>${items || '<li class="sub">Nothing to do yet.</li>'}</ul>`,
  );
}
