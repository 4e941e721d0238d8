// Starts `wrangler dev` for a Worker and times HTTP requests to it from outside
// the runtime (inside a Worker, timers only move on I/O).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const wranglerBin = join(root, "node_modules/.bin/wrangler");

/** Serves `configPath` with local wrangler dev on 127.0.0.1:port, tracing off. */
export async function startWrangler(configPath, port, extraEnv = {}) {
  const persist = mkdtempSync(join(tmpdir(), "userdo-bench-"));
  const child = spawn(wranglerBin, ["dev", "--ip", "127.0.0.1", "--port", String(port), "-c", configPath, "--persist-to", persist, "--log-level", "warn"], {
    env: {
      ...process.env,
      X_LOCAL_OBSERVABILITY: "false",
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler exited early:\n${output}`);
    try {
      await fetch(base);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`wrangler did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    base,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(persist, { recursive: true, force: true });
    },
  };
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

export const median = (xs) => quantile(xs, 0.5);

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** One row of the results table. `ratio` is value / baseline; pass when ratio <= target. */
export function row(scenario, measure, value, unit, baseline, target, note = "") {
  const ratio = baseline ? value / baseline : null;
  return {
    scenario,
    measure,
    value: Number(value.toFixed(3)),
    unit,
    ratio: ratio === null ? null : Number(ratio.toFixed(2)),
    target: target ?? null,
    pass: target == null || ratio === null ? null : ratio <= target,
    note,
  };
}
