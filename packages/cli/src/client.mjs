// The HTTP side of the CLI: one running userdo app (local `wrangler dev` or
// deployed), its studio route family, and errors that say what to do next.

/** An error for the person at the terminal: printed as is, exit code 1. */
export class CliError extends Error {
  name = "CliError";
}

/** Where the token comes from: the environment only, never a flag (flags land in shell history). */
export const TOKEN_VARIABLES = ["USERDO_TOKEN", "STUDIO_TOKEN"];

/**
 * The app's address and the admin token, checked before any request.
 *
 * @param {{ url?: string, basePath?: string }} options
 * @param {NodeJS.ProcessEnv} env
 */
export function connection(options, env) {
  const raw = options.url ?? env.USERDO_URL;
  if (!raw) throw new CliError("set the app's URL: --url https://your-app.example.com (or USERDO_URL)");
  let origin;
  try {
    const url = new URL(raw);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("not http(s)");
    origin = url.origin;
  } catch {
    throw new CliError(`"${raw}" is not an http(s) URL such as https://your-app.example.com or http://127.0.0.1:8787`);
  }
  const name = TOKEN_VARIABLES.find((key) => env[key]);
  if (!name) {
    throw new CliError(
      "set the admin token in the environment: export USERDO_TOKEN=<the app's STUDIO_TOKEN> (never as a flag: it would stay in your shell history)",
    );
  }
  const basePath = `/${(options.basePath ?? "/sqlite").replace(/^\/+|\/+$/g, "")}`;
  return { origin, token: env[name], basePath };
}

/** `<base>/<binding>/<name>` on the app, the name percent-encoded. */
export function objectUrl(conn, binding, name, rest = "") {
  return `${conn.origin}${conn.basePath}/${encodeURIComponent(binding)}/${encodeURIComponent(name)}${rest}`;
}

/**
 * One request with the token; an answer that is not 2xx becomes a CliError
 * naming what went wrong (the URL, the token, the binding or name, the app's own message).
 */
export async function request(conn, url, init = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${conn.token}`);
  let response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error);
    throw new CliError(
      `cannot reach ${conn.origin} (${cause}): is the app running (wrangler dev) and is the URL right?`,
    );
  }
  if (response.ok) return response;
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {}
  if (response.status === 401) {
    throw new CliError(`${conn.origin} refused the token: set USERDO_TOKEN to the app's STUDIO_TOKEN`);
  }
  if (body?.code === "not_found" && /no studio for binding/.test(body.error ?? "")) {
    throw new CliError(`${body.error}: the binding is one of the app's studio namespaces (e.g. USERS)`);
  }
  if (response.status === 404 && !body) {
    throw new CliError(`${url} is not a userdo studio route (404): check the URL and --base-path`);
  }
  const message = body?.error ?? `${response.status} ${response.statusText}`;
  throw new CliError(`${message}${body?.code ? ` (${body.code})` : ""}`);
}

/** POSTs one SQL statement as Outerbase does; answers `{ columns, rows, meta }`. */
export async function runSql(conn, binding, name, sql) {
  const response = await request(conn, objectUrl(conn, binding, name, "/query/raw"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sql }),
  });
  return (await response.json()).result;
}
