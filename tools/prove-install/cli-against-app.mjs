// The userdo CLI as its user meets it: installed from its tarball into an app
// outside the repository, run against that app under `wrangler dev`, with the
// token the app's .dev.vars holds. Run by prove-install with the app's folder:
//
//   node tools/prove-install/cli-against-app.mjs <app>
//
// Prints one line of what it saw; exits non-zero with the CLI's or wrangler's
// output on the first thing that is not as the CLI's README says.
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

const app = process.argv[2];
if (!app) throw new Error("usage: cli-against-app.mjs <app folder>");
const bin = (name) => join(app, "node_modules/.bin", name);

/** A port nobody listens on now. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const token = readFileSync(join(app, ".dev.vars"), "utf8").match(/^STUDIO_TOKEN=(.+)$/m)?.[1];
if (!token) throw new Error(`${app}/.dev.vars has no STUDIO_TOKEN: create-userdo writes one`);

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
let devOutput = "";
// Its own process group, so stopping it stops workerd too (by PID, never by name).
const dev = spawn(bin("wrangler"), ["dev", "--ip", "127.0.0.1", "--port", String(port)], {
  cwd: app,
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
});
dev.stdout.on("data", (chunk) => (devOutput += chunk));
dev.stderr.on("data", (chunk) => (devOutput += chunk));
const stopDev = () => {
  try {
    process.kill(-dev.pid, "SIGTERM");
  } catch {}
};

/** Waits until the app answers, or fails with wrangler's output. */
async function ready() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (dev.exitCode !== null) break;
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`wrangler dev did not answer at ${url}; its output:\n${devOutput.slice(-4000)}`);
}

/** Runs the installed `userdo` bin with the app's URL and token in the environment. */
async function userdo(...args) {
  try {
    const { stdout } = await promisify(execFile)(bin("userdo"), args, {
      cwd: app,
      env: { ...process.env, USERDO_URL: url, USERDO_TOKEN: token },
    });
    return stdout;
  } catch (error) {
    throw new Error(`userdo ${args.join(" ")} failed (exit ${error.code}):\n${error.stdout}${error.stderr}`);
  }
}

try {
  await ready();
  await userdo("sql", "USERS", "1", "INSERT INTO note (text, created_at) VALUES ('from the CLI', 1)");
  const [row] = JSON.parse(await userdo("sql", "USERS", "1", "SELECT text FROM note", "--json")).rows;
  if (row?.[0] !== "from the CLI") throw new Error(`userdo sql read ${JSON.stringify(row)}, not the note it wrote`);
  const exported = join(app, "user-1.jsonl");
  await userdo("export", "USERS", "1", "-o", exported);
  const lines = readFileSync(exported, "utf8").trim().split("\n");
  const header = JSON.parse(lines[0]);
  const trailer = JSON.parse(lines.at(-1));
  if (header.format !== "userdo-export" || trailer.counts?.note !== 1)
    throw new Error(`the export is not a userdo export with one note:\n${lines[0]}\n${lines.at(-1)}`);
  await userdo("import", "USERS", "1-restored", exported);
  const copy = JSON.parse(await userdo("sql", "USERS", "1-restored", "SELECT text FROM note", "--json"));
  if (copy.rows?.[0]?.[0] !== "from the CLI") throw new Error(`the imported copy has ${JSON.stringify(copy.rows)}`);
  console.log(`userdo sql, export (${lines.length} lines), import, sql on the copy: against wrangler dev at ${url}`);
} finally {
  stopDev();
}
