// Builds the bench Worker once and serves it with local `wrangler dev`; finds
// the runtime's processes (by the process tree of the wrangler started here)
// and reads their memory.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const wranglerBin = join(root, "node_modules/.bin/wrangler");

const wranglerEnv = {
  ...process.env,
  X_LOCAL_OBSERVABILITY: "false",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  // The packages' TypeScript source (their "@userdo/source" export condition), then wrangler's defaults.
  WRANGLER_BUILD_CONDITIONS: "@userdo/source,workerd,worker,browser",
};

/**
 * Bundles the Worker of `configPath` once (wrangler's own build, as a deploy
 * makes it) into `outdir`: a run serves that bundle, so an edit to the
 * sources during a run (another engineer's, a formatter's) cannot restart the
 * Worker mid-run or mix two versions in one table.
 */
export async function buildWorker(configPath, outdir) {
  const child = spawn(wranglerBin, ["deploy", "--dry-run", "--outdir", outdir, "-c", configPath], {
    env: wranglerEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`wrangler could not build the bench Worker:\n${output}`);
  return join(outdir, "index.js");
}

/**
 * Serves `configPath`'s Worker, built once by `buildWorker`, with local
 * wrangler dev on 127.0.0.1:port, tracing off (X_LOCAL_OBSERVABILITY=false),
 * on fresh storage (a temporary --persist-to, removed on stop). `vars`
 * become `--var NAME:VALUE` for this run only. `script`: a bundle
 * `buildWorker` made before (a scenario that restarts the runtime many times
 * builds once).
 */
export async function startWrangler(configPath, port, { vars = {}, script: built } = {}) {
  const persist = mkdtempSync(join(tmpdir(), "userdo-bench-"));
  let script = built;
  try {
    script ??= await buildWorker(configPath, join(persist, "build"));
  } catch (error) {
    rmSync(persist, { recursive: true, force: true });
    throw error;
  }
  const args = [
    "dev",
    script,
    "--no-bundle",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "-c",
    configPath,
    "--persist-to",
    join(persist, "state"),
    "--log-level",
    "warn",
  ];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(wranglerBin, args, { env: wranglerEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(persist, { recursive: true, force: true });
      throw new Error(`wrangler exited early:\n${output}`);
    }
    try {
      await (await fetch(base)).arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
        rmSync(persist, { recursive: true, force: true });
        throw new Error(`wrangler did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    base,
    /** The workerd processes serving this Worker: descendants of the wrangler we started, never found by name. */
    runtimePids: () => descendants(child.pid).filter((pid) => commandOf(pid).endsWith("workerd")),
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

function parentOf(pid) {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}

function descendants(root) {
  const pids = readdirSync("/proc")
    .filter((d) => /^[0-9]+$/.test(d))
    .map(Number);
  const children = new Map();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(pid);
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
  } catch {
    return "";
  }
}

/** Resident memory of a process now and at its peak (VmRSS, VmHWM), in MiB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
}
