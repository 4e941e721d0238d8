// Scenario 4: 100 users charging at once. One object per user (the billing()
// ledger), one global object, and one central D1 database through kysely-d1.
// Throughput and p99 from outside, as ratios to one object per user; then the
// deployed model beside the local figure (locally every object shares one process).
import { progress } from "../progress.mjs";
import { measured, row } from "../rows.mjs";
import { fetchJson, quantile } from "../timing.mjs";

const USERS = 100;
const CHARGES_PER_USER = 5;
const ROUNDS = 5;
const DESIGNS = ["per-user", "global", "d1"];
/** What one Durable Object serves at most, per the platform's guidance (DESIGN.md). */
const OBJECT_CEILING_RPS = 1000;

async function burst(base, design, round) {
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      for (let k = 0; k < CHARGES_PER_USER; k++) {
        const t0 = performance.now();
        const response = await fetch(`${base}/contention/${design}/${user}?key=${design}-${round}-${user}-${k}`, {
          method: "POST",
        });
        const body = await response.json();
        if (!response.ok || body.result !== true)
          throw new Error(`${design} charge for user ${user}: ${response.status} ${JSON.stringify(body)}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

export async function contention({ base }) {
  await fetchJson(`${base}/contention/setup?users=${USERS}`, { method: "POST" });
  const per = Object.fromEntries(DESIGNS.map((d) => [d, { rps: [], p50: [], p99: [] }]));
  for (const design of DESIGNS) await burst(base, design, "warm"); // every object awake, every connection open
  const tick = progress(
    "4 contention",
    `${ROUNDS} rounds of ${USERS} users x ${CHARGES_PER_USER} charges at once, per design`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const design of round % 2 ? [...DESIGNS].reverse() : DESIGNS) {
      const { seconds, latencies } = await burst(base, design, round);
      per[design].rps.push(latencies.length / seconds);
      per[design].p50.push(quantile(latencies, 0.5));
      per[design].p99.push(quantile(latencies, 0.99));
    }
    tick(round + 1, ROUNDS);
  }
  const label = {
    "per-user": "one object per user (billing ledger)",
    global: "one global object (one-statement charge)",
    d1: "central D1 via kysely-d1 (one-statement charge)",
  };
  const rows = [];
  const load = `${USERS} users x ${CHARGES_PER_USER} charges at once, ${ROUNDS} rounds`;
  for (const d of DESIGNS)
    rows.push(
      measured("4 contention", `${label[d]}: throughput`, per[d].rps, "req/s", {
        base: per["per-user"].rps,
        note: d === "per-user" ? load : "higher is better",
      }),
    );
  for (const d of DESIGNS)
    rows.push(
      measured("4 contention", `${label[d]}: p99`, per[d].p99, "ms", {
        base: per["per-user"].p99,
        note: `p50 ${quantile(per[d].p50, 0.5).toFixed(2)} ms (median of rounds)`,
      }),
    );
  // The deployed model: per-user objects spread over machines, each with its own ceiling;
  // a global object or one D1 database is one serialized writer.
  const perUserCapacity = USERS * OBJECT_CEILING_RPS;
  rows.push(
    row(
      "4 contention",
      "model, deployed: one object per user, capacity",
      perUserCapacity,
      "req/s",
      perUserCapacity,
      null,
      `${USERS} objects x ~${OBJECT_CEILING_RPS} req/s each, on many machines`,
    ),
  );
  rows.push(
    row(
      "4 contention",
      "model, deployed: one global object or one D1 database, capacity",
      OBJECT_CEILING_RPS,
      "req/s",
      perUserCapacity,
      null,
      "one serialized writer, however many users; plus the distance to its one location for far users",
    ),
  );
  return rows;
}
