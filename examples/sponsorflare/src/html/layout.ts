import { type HtmlValue, type SafeHtml, html } from "./html.js";

/** Who is looking at a page, as the header shows them. */
export interface Viewer {
  readonly login: string;
  readonly avatarUrl: string | null;
  readonly admin: boolean;
}

/** A page's frame: title, header with navigation, body, and the page's script. */
export interface LayoutOptions {
  readonly title: string;
  readonly viewer: Viewer | null;
  readonly body: HtmlValue;
  /** A script under `/assets/` (served from this origin, so the CSP allows it). */
  readonly script?: string;
}

function avatar(viewer: Viewer): SafeHtml {
  // Only GitHub's avatar host is allowed by the CSP; anything else shows the initial.
  const url = viewer.avatarUrl?.startsWith("https://avatars.githubusercontent.com/") ? viewer.avatarUrl : null;
  return url
    ? html`<img class="avatar" src="${url}" alt="" width="28" height="28">`
    : html`<span class="avatar avatar-initial" aria-hidden="true">${viewer.login.slice(0, 1).toUpperCase()}</span>`;
}

/**
 * The shared frame of every page. Logout is a POST form: a link could be
 * triggered by another site, a same-origin form cannot.
 *
 * @example
 * ```ts
 * const viewer: Viewer = { login: "octocat", avatarUrl: null, admin: false };
 * layout({ title: "Dashboard", viewer, body: html`<main>...</main>`, script: "/assets/dashboard.js" });
 * ```
 */
export function layout(options: LayoutOptions): SafeHtml {
  const { viewer } = options;
  const account = viewer
    ? html`<nav class="nav">
        <a href="/dashboard">Dashboard</a>
        ${viewer.admin ? html`<a href="/admin">Admin</a>` : null}
        <a href="/openapi.json">API</a>
      </nav>
      <div class="who">${avatar(viewer)}<span class="login">${viewer.login}</span>
        <form method="post" action="/oauth/logout"><button class="link" type="submit" id="logout">Log out</button></form>
      </div>`
    : html`<nav class="nav"><a href="/openapi.json">API</a></nav>`;
  return html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · sponsorflare</title>
<link rel="stylesheet" href="/assets/style.css">
${options.script ? html`<script src="${options.script}" defer></script>` : null}
</head>
<body>
<header class="top"><a class="brand" href="/"><span class="logo" aria-hidden="true">◆</span> sponsorflare</a>${account}</header>
${options.body}
<footer class="foot">Built on userdo: one Durable Object per user, each with its own SQLite.</footer>
</body>
</html>`;
}
