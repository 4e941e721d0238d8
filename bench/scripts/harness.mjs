// Starts `wrangler dev` for a Worker and times HTTP requests to it from outside
// the runtime (inside a Worker, timers only move on I/O).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const wranglerBin = join(root, "node_modules/.bin/wrangler");

const wranglerEnv = { ...process.env, X_LOCAL_OBSERVABILITY: "false", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/**
 * Bundles the Worker of `configPath` once (wrangler's own build, as a deploy
 * makes it) into `outdir`: a run serves that bundle, so an edit to the
 * sources during a run (another engineer's, a formatter's) cannot restart the
 * Worker mid-run or mix two versions in one table.
 */
export async function buildWorker(configPath, outdir) {
  const child = spawn(wranglerBin, ["deploy", "--dry-run", "--outdir", outdir, "-c", configPath], { env: wranglerEnv, stdio: ["ignore", "pipe", "pipe"] });
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
 * become `--var NAME:VALUE` for this run only.
 */
export async function startWrangler(configPath, port, { vars = {} } = {}) {
  const persist = mkdtempSync(join(tmpdir(), "userdo-bench-"));
  const script = await buildWorker(configPath, join(persist, "build"));
  const args = ["dev", script, "--no-bundle", "--ip", "127.0.0.1", "--port", String(port), "-c", configPath, "--persist-to", join(persist, "state"), "--log-level", "warn"];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(wranglerBin, args, { env: wranglerEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler exited early:\n${output}`);
    try {
      await (await fetch(base)).arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGTERM");
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
  const pids = readdirSync("/proc").filter((d) => /^[0-9]+$/.test(d)).map(Number);
  const children = new Map();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(pid);
  }
  const found = [];
  const queue = [root];
  while (queue.length) for (const child of children.get(queue.shift()) ?? []) found.push(child), queue.push(child);
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

/** Milliseconds one request takes, its body read. Throws on a non-2xx answer. */
export async function timeRequest(url, init) {
  const start = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  const ms = performance.now() - start;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
  return ms;
}

/** The JSON answer of a request; throws on a non-2xx answer. */
export async function fetchJson(url, init) {
  const response = await fetch(url, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/**
 * Per-operation cost of `kinds` (name -> url builder taking n), in µs. Each
 * round times every kind at n=N and at n=0 (the call's own cost, subtracted
 * as its median over rounds), in a shuffled order, so that machine load
 * weighs on all alike. `perOp[name]`: from the median round; `best[name]`:
 * from the fastest round (other work on the machine only ever adds time, so
 * that round is the least disturbed); `ratio(name, base)`: the median of the
 * per-round ratios (paired within a round, so load that drifts cancels).
 */
export async function perOperation(kinds, { n, rounds, warmup = true }) {
  const names = Object.keys(kinds);
  if (warmup) for (const name of names) await timeRequest(kinds[name](n, -1));
  const full = Object.fromEntries(names.map((name) => [name, []]));
  const zero = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(names)) {
      zero[name].push(await timeRequest(kinds[name](0, round)));
      full[name][round] = await timeRequest(kinds[name](n, round));
    }
  }
  const cost = (name, ms) => ((ms - median(zero[name])) / n) * 1000;
  return {
    perOp: Object.fromEntries(names.map((name) => [name, cost(name, median(full[name]))])),
    best: Object.fromEntries(names.map((name) => [name, cost(name, Math.min(...full[name]))])),
    ratio: (name, base) => median(full[name].map((ms, round) => cost(name, ms) / cost(base, full[base][round]))),
  };
}

function shuffled(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export const median = (xs) => quantile(xs, 0.5);

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/**
 * One row of the results table. `ratio` is value / baseline; pass when ratio
 * <= target. `ifMiss` says why a miss happens and what would close it; the
 * runner's closing note lists it for every row that misses in this run.
 */
export function row(scenario, measure, value, unit, baseline, target, note = "", ifMiss = "") {
  return ratioRow(scenario, measure, value, unit, baseline ? value / baseline : null, target, note, ifMiss);
}

/** A row whose ratio was measured in pairs (see perOperation) rather than as a quotient of medians. */
export function ratioRow(scenario, measure, value, unit, ratio, target, note = "", ifMiss = "") {
  return {
    scenario,
    measure,
    value: Number(value.toFixed(3)),
    unit,
    ratio: ratio === null ? null : Number(ratio.toFixed(2)),
    target: target ?? null,
    pass: target == null || ratio === null ? null : ratio <= target,
    note,
    ifMiss,
  };
}
