// `pnpm bench` in packages/billing: what a paid request costs when the
// credential is verified and the charge made in ONE object call, against
// sponsorflare's shape (verify, read the balance, charge: three calls) and a
// read-only call. Each kind runs BATCH times inside one Worker request, timed
// from outside `wrangler dev` (inside a Worker, timers move only on I/O) minus
// an empty request; kinds are interleaved so machine load weighs on all alike.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PORT = 8841;
const ROUNDS = Number(process.argv[2] ?? 15);
const BATCH = 200;
const base = `http://127.0.0.1:${PORT}`;
const config = fileURLToPath(new URL("./wrangler.jsonc", import.meta.url));

const env = { ...process.env, X_LOCAL_OBSERVABILITY: "false", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
// Fresh storage each run: nothing of an earlier run weighs on this one.
const persist = mkdtempSync(join(tmpdir(), "userdo-billing-bench-"));
const args = ["dev", "-c", config, "--ip", "127.0.0.1", "--port", String(PORT), "--persist-to", persist];
const wrangler = spawn("wrangler", args, { env, stdio: ["ignore", "pipe", "pipe"] });
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("wrangler dev did not start in 60 s")), 60_000);
  wrangler.stdout.on("data", (chunk) => {
    if (String(chunk).includes("Ready on")) clearTimeout(timer), resolve();
  });
  wrangler.on("exit", (code) => reject(new Error(`wrangler dev exited with ${code}`)));
});

try {
  const token = await (await fetch(`${base}/setup?user=424242`)).text();
  const headers = { authorization: `Bearer ${token}` };
  const time = async (kind, n) => {
    const started = performance.now();
    const response = await fetch(`${base}/loop?kind=${kind}&n=${n}`, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${kind} answered ${response.status}`);
    return performance.now() - started;
  };
  const kinds = {
    "read-only call (floor of one hop)": "read",
    "small write call (a credit: commit wait)": "write",
    "charge RPC alone (credential hashed once)": "rpc",
    "paid: one call (charge())": "paid",
    "paid: three calls (sponsorflare's shape)": "three",
  };
  const perOp = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  await time("paid", 200); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, kind] of Object.entries(kinds)) {
      const empty = await time(kind, 0);
      const full = await time(kind, BATCH);
      perOp[name].push(((full - empty) / BATCH) * 1000);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const floor = median(perOp["paid: one call (charge())"]);
  console.log(`${ROUNDS} interleaved rounds of ${BATCH} requests each, inside one Worker request, wrangler dev with X_LOCAL_OBSERVABILITY=false\n`);
  console.log("| request | µs per request (median) | ratio to one call |\n| --- | --- | --- |");
  for (const [name, xs] of Object.entries(perOp)) console.log(`| ${name} | ${median(xs).toFixed(0)} | ${(median(xs) / floor).toFixed(2)}x |`);
} finally {
  wrangler.kill("SIGTERM");
  await new Promise((resolve) => (wrangler.exitCode !== null ? resolve() : wrangler.once("exit", resolve)));
  rmSync(persist, { recursive: true, force: true });
}
