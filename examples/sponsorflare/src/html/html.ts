import { escapeHtml } from "@userdo/core";

/**
 * HTML that is already safe to send: only {@link html} and {@link trusted}
 * make one, so every other value put into a page is escaped.
 */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text is escaped, `SafeHtml` kept, lists joined, empty values dropped. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is already
 * `SafeHtml`: escaping is the default, not something to remember.
 *
 * @example
 * ```ts
 * const login = "<b>";
 * html`<p>Hello ${login}</p>`; // renders as text: &lt;b&gt;
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a constant string written in this codebase as HTML. Never pass user data. */
export function trusted(constant: string): SafeHtml {
  return new SafeHtml(constant);
}

// Scripts and styles come from this origin only; no inline script can run, so
// an escaping mistake cannot become script execution.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' https://avatars.githubusercontent.com data:",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/**
 * A page as a response: UTF-8, never cached (pages show a user's data), with a
 * strict Content-Security-Policy and no framing.
 *
 * @example
 * ```ts
 * return htmlResponse(layout({ title: "Hello", viewer: null, body: html`<p>hi</p>` }));
 * ```
 */
export function htmlResponse(page: SafeHtml, status = 200): Response {
  return new Response(`<!doctype html>\n${page.value}`, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    },
  });
}
