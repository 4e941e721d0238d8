// The commands that talk to one object: sql, studio, export, import, delete, logs.
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { hostname, userInfo } from "node:os";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import cliProgress from "cli-progress";
import Table from "cli-table3";
import { CliError, objectUrl, request, runSql } from "./client.mjs";

const cell = (value) => (value === null ? "NULL" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** `userdo sql <binding> <name> "<sql>"`: the answer as a table (or JSON with --json). */
export async function sql(conn, binding, name, statement, options, out) {
  const result = await runSql(conn, binding, name, statement);
  if (options.json) return out.write(`${JSON.stringify(result)}\n`);
  if (result.columns.length > 0) {
    const table = new Table({ head: result.columns, style: { head: [], border: [] } });
    for (const row of result.rows) table.push(row.map(cell));
    out.write(`${table.toString()}\n`);
  }
  out.write(`${result.rows.length} row(s); read ${result.meta.rows_read}, written ${result.meta.rows_written}\n`);
}

/** `userdo studio <binding> <name>`: the Outerbase connection, checked with a query. */
export async function studio(conn, binding, name, _options, out) {
  const url = objectUrl(conn, binding, name);
  const check = await runSql(conn, binding, name, "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'");
  out.write(
    [
      `Outerbase Studio, connection type StarbaseDB:`,
      `  URL    ${url}   (Studio posts to ${url}/query/raw)`,
      "  Token  the value of your USERDO_TOKEN (the app's STUDIO_TOKEN)",
      `Checked: the object answers, ${check.rows[0][0]} tables visible (platform tables hidden).`,
      "",
    ].join("\n"),
  );
}

/** `userdo export <binding> <name> [-o file]`: the JSON Lines export, streamed to the file or stdout. */
export async function exportUser(conn, binding, name, options, out, err) {
  const response = await request(conn, objectUrl(conn, binding, name, "/export"));
  let bytes = 0;
  const count = new Transform({
    transform(chunk, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const target = options.output ? createWriteStream(options.output) : out;
  await pipeline(Readable.fromWeb(response.body), count, target, { end: Boolean(options.output) });
  if (options.output) err.write(`exported ${binding}/${name}: ${bytes} bytes to ${options.output}\n`);
}

/** `userdo import <binding> <name> <file>`: streams the file into a new object, with a progress bar. */
export async function importUser(conn, binding, name, file, options, out, err) {
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined)
    throw new CliError(`cannot read ${file}: give the path of an export (userdo export ... -o file)`);
  const bar = new cliProgress.SingleBar(
    { format: "import [{bar}] {percentage}% {value}/{total} bytes", stream: err, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0);
  let sent = 0;
  const progress = new Transform({
    transform(chunk, _encoding, done) {
      sent += chunk.length;
      bar.update(sent);
      done(null, chunk);
    },
  });
  const body = Readable.toWeb(createReadStream(file).pipe(progress));
  try {
    const response = await request(
      conn,
      objectUrl(conn, binding, name, options.replace ? "/import?replace=1" : "/import"),
      {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body,
        duplex: "half",
      },
    );
    bar.stop();
    const summary = await response.json();
    out.write(
      summary.alreadyImported
        ? `already imported: ${binding}/${name} holds export ${summary.exportId}; nothing written\n`
        : `imported ${summary.rows} rows of ${summary.tables} tables from ${summary.source} into ${binding}/${name}\n`,
    );
  } finally {
    bar.stop();
  }
}

/** `userdo delete <binding> <name> --confirm <name>`: the user, everywhere. */
export async function deleteUser(conn, binding, name, options, out) {
  if (options.confirm !== name) throw new CliError(`this deletes ${binding}/${name} everywhere: add --confirm ${name}`);
  const actor = `${userInfo().username}@${hostname()} (userdo cli)`;
  const response = await request(conn, objectUrl(conn, binding, name, `/delete?confirm=${encodeURIComponent(name)}`), {
    method: "POST",
    headers: { "x-userdo-actor": actor },
  });
  const summary = await response.json();
  out.write(
    `deleted ${binding}/${name}: ${summary.rows} rows${summary.replicated ? "; the master forgets it with the next replication" : ""}\n`,
  );
}

const line = (e) =>
  `${new Date(e.time).toISOString()} ${e.level.padEnd(5)} ${e.message}${e.data === null || e.data === undefined ? "" : ` ${JSON.stringify(e.data)}`}\n`;

/** `userdo logs <binding> <name> [--follow]`: the object's log lines, oldest first; --follow polls every second. */
export async function logs(conn, binding, name, options, out) {
  const limit = Number(options.limit ?? 50);
  const query = (since) =>
    `/log?limit=${limit}${options.level ? `&level=${encodeURIComponent(options.level)}` : ""}${since ? `&since=${since}` : ""}`;
  const seen = new Set();
  let since = 0;
  for (;;) {
    const response = await request(conn, objectUrl(conn, binding, name, query(since)));
    const { entries } = await response.json();
    for (const entry of [...entries].reverse()) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      since = Math.max(since, entry.time);
      out.write(line(entry));
    }
    if (!options.follow) return;
    await new Promise((resolve) => setTimeout(resolve, Number(options.interval ?? 1000)));
  }
}
