// Starts `wrangler dev` for this example with the dev-only settings, shared by
// `pnpm dev` (scripts/dev.mjs) and the browser test (test/browser/run.mjs).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The example's folder: wrangler reads wrangler.jsonc from here. */
export const EXAMPLE_DIR = fileURLToPath(new URL("..", import.meta.url));

/**
 * Dev-only values passed as `--var`: nothing here is a real secret, and none
 * of it is in wrangler.jsonc, so a deploy never carries it. Dev login works
 * only on localhost (the auth package refuses it elsewhere).
 */
export const DEV_VARS = {
  SKIP_LOGIN: "true",
  DEMO_DATA: "true",
  // The dev login's user id: the dev user is the admin locally.
  ADMIN_OWNER_ID: "1",
  STUDIO_TOKEN: "dev-only-studio-token-not-a-secret",
  // Sessions and tokens are signed, as a deploy should sign them: a forged one
  // is refused before any object wakes. A deploy sets its own with `wrangler secret put`.
  AUTH_SIGNING_KEY: "dev-only-signing-key-not-a-secret-0000",
};

/**
 * Spawns wrangler dev on 127.0.0.1:`port` and resolves with the child process
 * and its URL once wrangler says it is ready. `persistTo` keeps local state in
 * another folder (the browser test uses a fresh temporary one).
 *
 * @example
 * const { child, url } = await startWranglerDev({ port: 8787 });
 */
export function startWranglerDev({ port, persistTo, vars = {}, echo = true }) {
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port)];
  for (const [key, value] of Object.entries({ ...DEV_VARS, ...vars })) args.push("--var", `${key}:${value}`);
  if (persistTo) args.push("--persist-to", persistTo);
  const child = spawn("wrangler", args, {
    cwd: EXAMPLE_DIR,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      // Inside the userdo repository, bundle the packages' TypeScript source (their
      // "@userdo/source" export condition) before wrangler's defaults; elsewhere it matches nothing.
      WRANGLER_BUILD_CONDITIONS: "@userdo/source,workerd,worker,browser",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = `http://127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (echo) process.stdout.write(text);
      if (/Ready on http/.test(output)) {
        output = "";
        resolve({ child, url });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => {
      if (echo) process.stderr.write(chunk);
      else output += chunk.toString();
    });
    child.on("exit", (code) =>
      reject(new Error(`wrangler dev exited with ${code} before it was ready:\n${output.slice(-4000)}`)),
    );
    child.on("error", reject);
  });
}
