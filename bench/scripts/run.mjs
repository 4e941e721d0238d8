// `pnpm bench`: every scenario in one run on this machine, timed from outside
// the runtime; prints a table and writes results/latest.json and results/latest.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { startWrangler } from "./harness.mjs";
import { queryPath } from "./scenarios/query.mjs";
import { wakeCost } from "./scenarios/wake.mjs";

const here = fileURLToPath(new URL("..", import.meta.url));
const only = process.argv.slice(2);

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const started = Date.now();
const rows = [];

const server = await startWrangler(`${here}wrangler.jsonc`, 8851);
try {
  const scenarios = { query: queryPath, wake: wakeCost };
  for (const [name, run] of Object.entries(scenarios)) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`running ${name}...\n`);
    rows.push(...(await run(server.base)));
  }
} finally {
  await server.stop();
}

const header = "| scenario | measure | value | ratio | target | pass | note |\n| --- | --- | --- | --- | --- | --- | --- |";
const lines = rows.map((r) =>
  `| ${r.scenario} | ${r.measure} | ${r.value} ${r.unit} | ${r.ratio ?? ""}${r.ratio === null ? "" : "x"} | ${r.target ? `<= ${r.target}x` : ""} | ${r.pass === null ? "" : r.pass ? "pass" : "MISS"} | ${r.note} |`,
);
const table = [
  `Local \`wrangler dev\` with X_LOCAL_OBSERVABILITY=false (wrangler's default tracing adds ~30 µs per exec and hides the differences). Machine: ${machine}. Ratios are to the first row of each group, measured in the same run.`,
  "",
  header,
  ...lines,
].join("\n");
console.log(table);
mkdirSync(`${here}results`, { recursive: true });
writeFileSync(`${here}results/latest.json`, JSON.stringify({ machine, date: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), rows }, null, 2));
writeFileSync(`${here}results/latest.md`, `${table}\n`);
