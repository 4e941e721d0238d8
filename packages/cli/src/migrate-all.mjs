// `userdo migrate-all <binding>`: a fleet migration with a progress bar, then its report.
import cliProgress from "cli-progress";
import Table from "cli-table3";
import { request } from "./client.mjs";

function fleetUrl(conn, binding, rest = "") {
  return `${conn.origin}${conn.basePath}/_fleet/${encodeURIComponent(binding)}${rest}`;
}

/** Starts (or resumes) the run, follows it to its end; exit code 1 when an object failed. */
export async function migrateAll(conn, binding, options, out, err) {
  const params = new URLSearchParams();
  if (options.concurrency) params.set("concurrency", String(options.concurrency));
  if (options.batch) params.set("batch", String(options.batch));
  if (options.restart) params.set("restart", "1");
  let status = await (await request(conn, fleetUrl(conn, binding, `/migrate?${params}`), { method: "POST" })).json();
  const bar = new cliProgress.SingleBar(
    {
      format: "migrate-all [{bar}] {value}/{total} objects, {failed} failed",
      stream: err,
      noTTYOutput: true,
      notTTYSchedule: 1000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(status.counts.registered, 0, { failed: 0 });
  while (status.running) {
    await new Promise((resolve) => setTimeout(resolve, Number(options.interval ?? 500)));
    status = await (await request(conn, fleetUrl(conn, binding))).json();
    bar.setTotal(status.counts.registered);
    bar.update(status.counts.upToDate + status.counts.failed, { failed: status.counts.failed });
  }
  bar.update(status.counts.upToDate + status.counts.failed, { failed: status.counts.failed });
  bar.stop();
  const { registered, upToDate, failed } = status.counts;
  out.write(`${binding}: ${registered} registered, ${upToDate} up to date, ${failed} failed\n`);
  if (status.failed.length > 0) {
    const table = new Table({
      head: ["object", "migration", "error"],
      style: { head: [], border: [] },
      wordWrap: true,
    });
    for (const f of status.failed) table.push([f.name, f.migration ?? "", f.error ?? ""]);
    out.write(`${table.toString()}\n`);
  }
  return failed > 0 ? 1 : 0;
}
