// Scenario 10: load. Paid requests (API token: verify + charge in one object
// call, all on one user's object) against the unauthenticated pass-through,
// at concurrency 1, 10 and 50, through the same client-side limiter (a pool
// of C workers taking the next request); then the most charges per second
// one user object takes from inside the Worker, without HTTP around each.
import { progress } from "../progress.mjs";
import { addedQuantile, measured } from "../rows.mjs";
import { fetchJson, median, quantile, timeRequest } from "../timing.mjs";
import { logIn } from "./charge.mjs";

/** Runs `total` requests with `concurrency` in flight; the same limiter for every kind. */
async function atConcurrency(url, init, concurrency, total) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        latencies.push(await timeRequest(url, init));
      }
    }),
  );
  return { rps: total / ((performance.now() - started) / 1000), latencies };
}

const CEILING_NOTE =
  "the platform's guidance is about 1,000 req/s per object; locally every request also crosses wrangler's proxy and shares 2 cores with the client";

export async function load({ base, quick }) {
  const rounds = 5;
  const { token, user } = await logIn(base);
  await fetchJson(`${base}/charge/fund/${user}`, { method: "POST" });
  await fetchJson(`${base}/charge/fund/load`, { method: "POST" });
  const kinds = {
    anon: [`${base}/anon`, {}],
    paid: [`${base}/paid`, { headers: { authorization: `Bearer ${token}` } }],
  };
  for (const [url, init] of Object.values(kinds)) await atConcurrency(url, init, 10, 50); // warm up
  const rows = [];
  for (const c of [1, 10, 50]) {
    const total = quick ? Math.max(20, c * 4) : c === 1 ? 100 : c * 12;
    const per = { anon: { rps: [], p50: [], p99: [], all: [] }, paid: { rps: [], p50: [], p99: [], all: [] } };
    const tick = progress("10 load", `concurrency ${c}: ${rounds} rounds of ${total} requests of each kind`);
    for (let round = 0; round < rounds; round++) {
      for (const kind of round % 2 ? ["paid", "anon"] : ["anon", "paid"]) {
        const { rps, latencies } = await atConcurrency(...kinds[kind], c, total);
        per[kind].rps.push(rps);
        per[kind].p50.push(median(latencies));
        per[kind].p99.push(quantile(latencies, 0.99));
        per[kind].all.push(...latencies);
      }
      tick(round + 1, rounds);
    }
    const at = `concurrency ${c}`;
    rows.push(
      measured("10 load", `${at}: pass-through throughput`, per.anon.rps, "req/s", {
        base: per.anon.rps,
        note: `${total} requests a round`,
      }),
    );
    rows.push(
      measured("10 load", `${at}: paid throughput (one user object)`, per.paid.rps, "req/s", {
        base: per.anon.rps,
        note: "higher is better; ratio to the pass-through",
      }),
    );
    rows.push(measured("10 load", `${at}: pass-through p50`, per.anon.p50, "ms", { base: per.anon.p50 }));
    rows.push(measured("10 load", `${at}: paid p50`, per.paid.p50, "ms", { base: per.anon.p50 }));
    rows.push(measured("10 load", `${at}: pass-through p99`, per.anon.p99, "ms", { base: per.anon.p99 }));
    rows.push(measured("10 load", `${at}: paid p99`, per.paid.p99, "ms", { base: per.anon.p99 }));
    rows.push(
      measured(
        "10 load",
        `${at}: added ms, paid minus pass-through (p50)`,
        per.paid.p50.map((p, i) => p - per.anon.p50[i]),
        "ms",
        { note: "per round" },
      ),
    );
    rows.push(
      addedQuantile(
        "10 load",
        `${at}: added ms, paid minus pass-through (p99)`,
        per.paid.all,
        per.anon.all,
        0.99,
        "ms",
      ),
    );
  }

  // One object's ceiling from inside the Worker: N calls, C in flight, one request; a bare UPDATE beside.
  const n = quick ? 200 : 500;
  let prefix = 0;
  const ceiling = { object1: [], object50: [], bare50: [] };
  const tick = progress(
    "10 load",
    `one object's ceiling: ${rounds} rounds of ${n} calls (charge at 1 and 50 in flight, bare UPDATE at 50)`,
  );
  for (let round = 0; round < rounds; round++) {
    for (const [key, route, c] of [
      ["object1", "object", 1],
      ["object50", "object", 50],
      ["bare50", "bare", 50],
    ]) {
      const ms = await timeRequest(`${base}/load/${route}?n=${n}&c=${c}&prefix=r${prefix++}`);
      ceiling[key].push(n / (ms / 1000));
    }
    tick(round + 1, rounds);
  }
  rows.push(
    measured(
      "10 load",
      "one object: bare UPDATE calls from one Worker request, 50 in flight",
      ceiling.bare50,
      "calls/s",
      {
        base: ceiling.bare50,
        note: "the local ceiling of any object that writes: one commit per call",
      },
    ),
  );
  rows.push(
    measured(
      "10 load",
      "one user object: charge calls from one Worker request, 1 in flight",
      ceiling.object1,
      "charges/s",
      {
        base: ceiling.bare50,
        note: "each call waits for its commit before the next",
      },
    ),
  );
  rows.push(
    measured(
      "10 load",
      "one user object: charge calls from one Worker request, 50 in flight",
      ceiling.object50,
      "charges/s",
      {
        base: ceiling.bare50,
        note: `the most charges one object took here; ${CEILING_NOTE}`,
      },
    ),
  );
  return rows;
}
