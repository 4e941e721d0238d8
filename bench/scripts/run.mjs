// `pnpm bench`: every scenario in one run on this machine, timed from outside
// the runtime; prints a table and writes results/latest.json and results/latest.md.
// `pnpm bench -- charge studio` runs only the named scenarios.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { startWrangler } from "./harness.mjs";
import { charge } from "./scenarios/charge.mjs";
import { contention } from "./scenarios/contention.mjs";
import { queryPath } from "./scenarios/query.mjs";
import { replication } from "./scenarios/replication.mjs";
import { scale } from "./scenarios/scale.mjs";
import { studio } from "./scenarios/studio.mjs";
import { wakeCost } from "./scenarios/wake.mjs";

const here = fileURLToPath(new URL("..", import.meta.url));
const config = `${here}wrangler.jsonc`;
const only = process.argv.slice(2).filter((a) => a !== "--");

// Scenarios that share one wrangler dev; scale starts its own (its memory is measured alone).
const SHARED = { query: queryPath, wake: wakeCost, charge, contention, replication, studio };
const OWN = { scale };
const unknown = only.filter((name) => !(name in SHARED) && !(name in OWN));
if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(", ")}; known: ${[...Object.keys(SHARED), ...Object.keys(OWN)].join(", ")}`);
const selected = (name) => only.length === 0 || only.includes(name);

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const loadBefore = load();
const started = Date.now();
const rows = [];
const timings = {};
// One run's secrets: random, passed with --var, never written anywhere.
const vars = { STUDIO_TOKEN: randomBytes(24).toString("hex"), SKIP_LOGIN: "true" };

async function timed(name, run) {
  process.stderr.write(`running ${name}...\n`);
  const t0 = Date.now();
  rows.push(...(await run()));
  timings[name] = Math.round((Date.now() - t0) / 1000);
}

if (Object.keys(SHARED).some(selected)) {
  const server = await startWrangler(config, 8851, { vars });
  try {
    for (const [name, run] of Object.entries(SHARED)) if (selected(name)) await timed(name, () => run({ ...server, vars }));
  } finally {
    await server.stop();
  }
}
for (const [name, run] of Object.entries(OWN)) {
  if (selected(name)) await timed(name, () => run({ start: (port) => startWrangler(config, port, { vars }) }));
}

const seconds = Math.round((Date.now() - started) / 1000);
const cell = (text) => String(text).replaceAll("|", "\\|");
const header = "| scenario | measure | value | ratio | target | pass | note |\n| --- | --- | --- | --- | --- | --- | --- |";
const lines = rows.map((r) =>
  `| ${r.scenario} | ${cell(r.measure)} | ${r.value} ${r.unit} | ${r.ratio ?? ""}${r.ratio === null ? "" : "x"} | ${r.target ? `<= ${r.target}x` : ""} | ${r.pass === null ? "" : r.pass ? "pass" : "MISS"} | ${cell(r.note)} |`,
);
const misses = rows.filter((r) => r.pass === false);
const closing = misses.length
  ? ["", "**Misses in this run, and what would close them.**", "", ...misses.map((r) => `- *${r.scenario}, ${r.measure}* (${r.ratio}x, target <= ${r.target}x${r.note.startsWith("SLOWER") ? `, ${r.note}` : ""}): ${r.ifMiss || "no explanation recorded"}`)]
  : ["", "Every target was met in this run."];
const table = [
  `Local \`wrangler dev\` (wrangler 4.164) with X_LOCAL_OBSERVABILITY=false: wrangler's default tracing adds ~30 µs per exec and ~700 µs per RPC and hides the differences. Machine: ${machine}; load average ${loadBefore} at the start, ${load()} at the end (other work on the machine shares its 2 cores). ${seconds} s in all. Ratios are to the first row of each group, measured in the same run.`,
  "",
  header,
  ...lines,
  ...closing,
].join("\n");
console.log(table);
mkdirSync(`${here}results`, { recursive: true });
// Only a run of every scenario replaces latest.* and the README's table; a partial run (`pnpm bench -- charge`) writes partial.*.
const out = only.length === 0 ? "latest" : "partial";
const date = new Date().toISOString();
writeFileSync(`${here}results/${out}.json`, `${JSON.stringify({ date, machine, load: { start: loadBefore, end: load() }, seconds, scenarioSeconds: timings, rows }, null, 2)}\n`);
writeFileSync(`${here}results/${out}.md`, `${table}\n`);
if (out === "latest") updateReadme(`${here}../README.md`, `Run of ${date.slice(0, 10)}. ${table}`);

/** Replaces the README's table between its two markers (left alone when they are missing). */
function updateReadme(path, text) {
  const start = "<!-- bench:table -->";
  const end = "<!-- /bench:table -->";
  const readme = readFileSync(path, "utf8");
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return process.stderr.write(`README has no ${start} ... ${end}: not updated\n`);
  writeFileSync(path, `${readme.slice(0, from + start.length)}\n${text}\n${readme.slice(to)}`);
}
