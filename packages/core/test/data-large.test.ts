import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

// A generated database as large as a test run allows on a shared machine, exported
// through the RPC stream and read without keeping it: the object's own report of
// its largest chunk is what the export held at once.
const ROWS = 24_000;
const BYTES_PER_ROW = 4_096;

describe("a large export", () => {
  it("streams ~100 MB of database in chunks of about 256 KB, and imports back", { timeout: 180_000 }, async () => {
    const from = env.DATA_SOURCE.get(env.DATA_SOURCE.idFromName("large"));
    const databaseBytes = await from.generate(ROWS, BYTES_PER_ROW);
    expect(databaseBytes).toBeGreaterThan(ROWS * BYTES_PER_ROW);

    // Every page read once first, so the export's own cost is what the process grows by next.
    await from.run("SELECT sum(length(data)) AS n FROM notes");
    await from.run("SELECT sum(length(data)) AS n FROM notes");
    console.log(`export phase began at ${Date.now()}`);
    const { readable, writable } = new IdentityTransformStream();
    const started = performance.now();
    const done = from.exportDatabase(writable);
    let received = 0;
    let biggestRead = 0;
    let lines = 0;
    const reader = readable.getReader();
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      received += value.byteLength;
      biggestRead = Math.max(biggestRead, value.byteLength);
      for (const byte of value) if (byte === 10) lines++;
    }
    const summary = await done;
    const ms = performance.now() - started;
    console.log(`export phase ended at ${Date.now()}`);
    console.log(
      `export: database ${(databaseBytes / 2 ** 20).toFixed(1)} MiB, export ${(received / 2 ** 20).toFixed(1)} MiB, ` +
        `${summary.rows} rows in ${ms.toFixed(0)} ms, largest chunk ${(summary.largestChunk / 1024).toFixed(0)} KiB, ` +
        `largest read ${(biggestRead / 1024).toFixed(0)} KiB`,
    );
    expect(summary.rows).toBe(ROWS);
    expect(lines).toBe(ROWS + 2);
    expect(received).toBe(summary.bytes);
    // What the export holds at once: one chunk (256 KiB of lines, overshot by at most one page).
    expect(summary.largestChunk).toBeLessThan(400 * 1024);
    expect(received).toBeGreaterThan(databaseBytes);

    // Straight from one object into another, through the Worker, never whole anywhere.
    const to = env.DATA_TARGET.get(env.DATA_TARGET.idFromName("large"));
    const pipe = new IdentityTransformStream();
    const [exported, imported] = await Promise.all([
      from.exportDatabase(pipe.writable),
      to.importDatabase(pipe.readable),
    ]);
    expect(imported.rows).toBe(exported.rows);
    const digest = "SELECT count(*) AS n, sum(length(data)) AS bytes, hex(max(data)) AS top FROM notes";
    expect(await to.run(digest)).toEqual(await from.run(digest));
  });
});
