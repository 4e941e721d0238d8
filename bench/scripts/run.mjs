// `pnpm bench`: every scenario in one run on this machine, timed from outside
// the runtime; prints a table and writes results/latest.json and results/latest.md
// (and the README's table). `pnpm bench -- charge studio` runs only those
// scenarios (into results/partial.*); `pnpm bench -- --render` rewrites the
// Markdown and the README's table from results/latest.json without running.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { startWrangler } from "./wrangler-dev.mjs";
import { renderResults, updateReadme } from "./report.mjs";
import { charge } from "./scenarios/charge.mjs";
import { contention } from "./scenarios/contention.mjs";
import { queryPath } from "./scenarios/query.mjs";
import { replication } from "./scenarios/replication.mjs";
import { scale } from "./scenarios/scale.mjs";
import { studio } from "./scenarios/studio.mjs";
import { wakeCost } from "./scenarios/wake.mjs";
import { asyncPath } from "./scenarios/async-path.mjs";
import { firstRequest } from "./scenarios/first-request.mjs";
import { load as loadScenario } from "./scenarios/load.mjs";

const here = fileURLToPath(new URL("..", import.meta.url));
const config = `${here}wrangler.jsonc`;
const readme = `${here}README.md`;
const args = process.argv.slice(2).filter((a) => a !== "--");
const only = args.filter((a) => !a.startsWith("--"));
// --quick: few rounds and small sizes, to try a change (never for the published table).
const quick = args.includes("--quick");

function publish(name, results) {
  const markdown = renderResults(results);
  mkdirSync(`${here}results`, { recursive: true });
  writeFileSync(`${here}results/${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${here}results/${name}.md`, `${markdown}\n`);
  if (name === "latest" && !updateReadme(readme, markdown))
    process.stderr.write("README has no <!-- bench:table --> markers: not updated\n");
  return markdown;
}

if (args.includes("--render")) {
  publish("latest", JSON.parse(readFileSync(`${here}results/latest.json`, "utf8")));
  process.exit(0);
}

// Scenarios that share one wrangler dev; scale starts its own (its memory is measured alone).
const SHARED = {
  query: queryPath,
  async: asyncPath,
  wake: wakeCost,
  first: firstRequest,
  charge,
  load: loadScenario,
  contention,
  replication,
  studio,
};
const OWN = { scale };
const unknown = only.filter((name) => !(name in SHARED) && !(name in OWN));
if (unknown.length)
  throw new Error(
    `unknown scenario(s) ${unknown.join(", ")}; known: ${[...Object.keys(SHARED), ...Object.keys(OWN)].join(", ")}`,
  );
const selected = (name) => only.length === 0 || only.includes(name);

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const loadBefore = load();
// The 1-minute load average, sampled while the run goes: a run on a loaded machine says so.
let loadPeak = loadavg()[0];
const loadSampler = setInterval(() => {
  loadPeak = Math.max(loadPeak, loadavg()[0]);
}, 5000);
loadSampler.unref();
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
    for (const [name, run] of Object.entries(SHARED))
      if (selected(name))
        await timed(name, () =>
          run({
            ...server,
            vars,
            quick,
            config,
            start: (port, options) => startWrangler(config, port, { vars, ...options }),
          }),
        );
  } catch (error) {
    process.stderr.write(`wrangler dev said, last:\n${server.output().slice(-3000)}\n`);
    throw error;
  } finally {
    await server.stop();
  }
}
for (const [name, run] of Object.entries(OWN)) {
  if (selected(name))
    await timed(name, () =>
      run({ start: (port, options) => startWrangler(config, port, { vars, ...options }), quick }),
    );
}

const seconds = Math.round((Date.now() - started) / 1000);
const results = {
  date: new Date().toISOString(),
  machine,
  load: {
    start: loadBefore,
    end: load(),
    peak: Number(Math.max(loadPeak, loadavg()[0]).toFixed(2)),
    cores: cpus().length,
  },
  seconds,
  quick,
  scenarioSeconds: timings,
  rows,
};
// Only a run of every scenario replaces latest.* and the README's table.
console.log(publish(only.length === 0 && !quick ? "latest" : "partial", results));
