// The results as Markdown: the table, then the misses of the run grouped by
// their explanation, each with what would close it. Also writes the README's copy.
import { readFileSync, writeFileSync } from "node:fs";

const cell = (text) => String(text).replaceAll("|", "\\|");

/** Markdown for one run's results (the object written to results/*.json). */
export function renderResults({ date, machine, load, seconds, rows }) {
  const lines = rows.map((r) => {
    const ratio = r.ratio === null ? "" : `${r.ratio}x`;
    const pass = r.pass === null ? "" : r.pass ? "pass" : "MISS";
    return `| ${r.scenario} | ${cell(r.measure)} | ${r.value} ${r.unit} | ${ratio} | ${r.target ? `<= ${r.target}x` : ""} | ${pass} | ${cell(r.note)} |`;
  });
  const groups = new Map();
  for (const r of rows.filter((r) => r.pass === false)) {
    const why = r.ifMiss || "no explanation recorded";
    if (!groups.has(why)) groups.set(why, []);
    const peer = r.note.startsWith("SLOWER") ? `, ${r.note.toLowerCase()}` : "";
    groups.get(why).push(`${r.scenario}, ${r.measure} (${r.ratio}x against <= ${r.target}x${peer})`);
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
    `Run of ${date.slice(0, 16).replace("T", " ")} UTC, local \`wrangler dev\` (wrangler 4.164) with X_LOCAL_OBSERVABILITY=false: wrangler's default tracing adds ~30 µs per exec and ~700 µs per RPC and hides the differences. Machine: ${machine}; load average ${load.start} at the start, ${load.end} at the end (other work on the machine shares its 2 cores). ${seconds} s in all. Ratios are to the first row of each group, measured in the same run.`,
    "",
    "| scenario | measure | value | ratio | target | pass | note |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...lines,
    ...closing,
  ].join("\n");
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
