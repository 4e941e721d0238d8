// Scenario 5: replication. The write cost with capture on (triggers fill the
// outbox in the write's own transaction) against off; how fast one master
// shard ingests; and the lag to the master after a burst of 10,000 writes.
import { progress } from "../progress.mjs";
import { measured } from "../rows.mjs";
import { fetchJson, median, perOperation, timeRequest } from "../timing.mjs";

const WRITE_N = 1000;
const WRITE_ROUNDS = 9;
const INGEST_BATCHES = 10;
const INGEST_ROWS = 500; // the replicator's default batch
const INGEST_ROUNDS = 5;
const BURST = 10_000;
const BURST_CALLS = 10;
const LAG_ROUNDS = 5;
const FLUSH_DELAY_MS = 1000; // REPLICATION_DEFAULTS.flushDelayMs, which the lag object keeps
const POLL_MS = 20;

const CAPTURE_MISS =
  "Capture is an AFTER INSERT trigger that appends (table, rowid) to the outbox, whose AUTOINCREMENT key also rewrites sqlite_sequence: three row writes where the plain insert makes one. What would close it: an outbox keyed by plain rowid (monotonic as long as its highest row is kept, e.g. a sentinel row), dropping the sqlite_sequence write; or noting (table, rowid) in memory for writes through this.db and this.sync, with the trigger kept as the safety net for raw ctx.storage.sql writes only.";

async function lagAfterBurst(base, name) {
  for (let i = 0; i < BURST_CALLS; i++)
    await timeRequest(`${base}/replication/burst/${name}?n=${BURST / BURST_CALLS}`, { method: "POST" });
  const burstEnd = performance.now();
  const deadline = burstEnd + 60_000;
  for (;;) {
    const { result } = await fetchJson(`${base}/replication/master-count/${name}`);
    if (result === BURST) return performance.now() - burstEnd;
    if (performance.now() > deadline)
      throw new Error(`the master holds ${result} of ${BURST} rows of ${name} after 60 s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export async function replication({ base, quick }) {
  const write = await perOperation(
    {
      off: (n) => `${base}/replication/write/uncaptured?n=${n}`,
      on: (n) => `${base}/replication/write/captured?n=${n}`,
    },
    { n: WRITE_N, rounds: quick ? 5 : WRITE_ROUNDS, scenario: "5 replication", label: "inserts" },
  );
  const ingest = [];
  let tick = progress(
    "5 replication",
    `master ingest: ${INGEST_ROUNDS} rounds of ${INGEST_BATCHES} batches of ${INGEST_ROWS} rows`,
  );
  for (let round = 0; round < INGEST_ROUNDS; round++) {
    const ms = await timeRequest(
      `${base}/replication/ingest/ingest-${round}?from=0&batches=${INGEST_BATCHES}&rows=${INGEST_ROWS}`,
      { method: "POST" },
    );
    ingest.push((INGEST_BATCHES * INGEST_ROWS) / (ms / 1000));
    tick(round + 1, INGEST_ROUNDS);
  }
  const lags = [];
  tick = progress("5 replication", `lag: ${LAG_ROUNDS} bursts of ${BURST.toLocaleString("en")} writes`);
  for (let round = 0; round < LAG_ROUNDS; round++) {
    lags.push(await lagAfterBurst(base, `lag-${round}`));
    tick(round + 1, LAG_ROUNDS);
  }
  // The ingest rate beside one object's insert rate (capture off) in the median round.
  const insertsPerSecond = 1e6 / median(write.off);
  return [
    measured("5 replication", "insert, capture off (prepared sync path)", write.off, "µs/op", {
      base: write.off,
      note: `${WRITE_N} inserts per call`,
    }),
    measured("5 replication", "insert, capture on (trigger + outbox row)", write.on, "µs/op", {
      base: write.off,
      target: 1.3,
      note: "flush held back while timing; flush measured below",
      ifMiss: CAPTURE_MISS,
    }),
    measured("5 replication", "master ingest, one shard", ingest, "rows/s", {
      base: ingest.map(() => insertsPerSecond),
      note: `batches of ${INGEST_ROWS} rows via masterSink; ratio to one object's insert rate with capture off (its median)`,
    }),
    measured("5 replication", `lag to the master after a burst of ${BURST.toLocaleString("en")} writes`, lags, "ms", {
      base: lags.map(() => FLUSH_DELAY_MS),
      note: `ratio to the default flushDelayMs (${FLUSH_DELAY_MS} ms), which the lag includes; ${BURST_CALLS} calls of ${BURST / BURST_CALLS} inserts, master polled every ${POLL_MS} ms`,
    }),
  ];
}
