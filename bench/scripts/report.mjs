// The results as Markdown: the table, then the misses of the run grouped by
// their explanation, each with what would close it. Also writes the README's copy.
import { readFileSync, writeFileSync } from "node:fs";

const cell = (text) => String(text).replaceAll("|", "\\|");

/** Markdown for one run's results (the object written to results/*.json). */
export function renderResults({ date, machine, load, seconds, rows, quick }) {
  const lines = rows.map((r) => {
    const value = r.interval ? `${r.value} ${r.unit} (${r.interval[0]}-${r.interval[1]})` : `${r.value} ${r.unit}`;
    const ratio =
      r.ratio === null
        ? ""
        : r.ratioInterval
          ? `${r.ratio}x (${r.ratioInterval[0]}-${r.ratioInterval[1]})`
          : `${r.ratio}x`;
    const verdict = r.verdict ?? (r.pass === null ? "" : r.pass ? "pass" : "MISS");
    return `| ${r.scenario} | ${cell(r.measure)} | ${value} | ${ratio} | ${r.target ? `<= ${r.target}x` : ""} | ${verdict ?? ""} | ${cell(r.note)} |`;
  });
  const groups = new Map();
  for (const r of rows.filter((r) => r.pass === false)) {
    const why = r.ifMiss || "no explanation recorded";
    if (!groups.has(why)) groups.set(why, []);
    const peer = r.note.startsWith("SLOWER") ? `, ${r.note.toLowerCase()}` : "";
    const interval = r.ratioInterval ? `, 95% interval ${r.ratioInterval[0]}-${r.ratioInterval[1]}x` : "";
    const by =
      r.ratio > r.target
        ? `, over by ${Math.round((r.ratio / r.target - 1) * 100)}%`
        : ", median within but interval not";
    groups.get(why).push(`${r.scenario}, ${r.measure} (${r.ratio}x against <= ${r.target}x${interval}${by}${peer})`);
  }
  const closing = groups.size
    ? [
        "",
        "**Misses in this run, and what would close them.**",
        "",
        ...[...groups].map(([why, which]) => `- *${which.join("; ")}*: ${why}`),
      ]
    : ["", "Every target was met in this run."];
  return [
    `Run of ${date.slice(0, 16).replace("T", " ")} UTC, local \`wrangler dev\` (wrangler 4.164) with X_LOCAL_OBSERVABILITY=false: wrangler's default tracing adds ~30 µs per exec and ~700 µs per RPC and hides the differences. Machine: ${machine}; load average ${load.start} at the start, ${load.end} at the end${load.peak !== undefined ? `, ${load.peak} at its highest` : ""} (other work on the machine shares its 2 cores). ${seconds} s in all. Values are medians over independent rounds with their bootstrap 95% interval in brackets; ratios are the median of per-round ratios to the first row of each group (paired: same round, same load), with their interval. A target passes only when its interval lies under it ("open": the interval straddles it).${quick ? " QUICK RUN: few rounds, not for publishing." : ""}${loaded(load)}`,
    "",
    "| scenario | measure | value | ratio | target | pass | note |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...lines,
    ...closing,
  ].join("\n");
}

// A load average above the core count means other work took CPU from the run: say so.
function loaded(load) {
  const peak = load.peak ?? Math.max(...`${load.start} ${load.end}`.split(" ").map(Number));
  const cores = load.cores ?? 2;
  return peak >= cores
    ? ` **This run was on a loaded machine: the 1-minute load average reached ${peak} on ${cores} cores while it ran (the bench itself takes about 1), so its figures carry other work's noise.**`
    : "";
}

/** Replaces the README's table between its two markers; false when they are missing. */
export function updateReadme(path, markdown) {
  const start = "<!-- bench:table -->";
  const end = "<!-- /bench:table -->";
  const readme = readFileSync(path, "utf8");
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return false;
  writeFileSync(path, `${readme.slice(0, from + start.length)}\n${markdown}\n${readme.slice(to)}`);
  return true;
}
