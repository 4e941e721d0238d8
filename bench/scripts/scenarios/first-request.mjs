// Scenario 9: a new user's first request (object created, every plugin
// migration applied, funded, charged once) against a bare DurableObject's
// first request (its table created, funded, one UPDATE). Warm isolate: fresh
// objects in a runtime that has served others. Cold isolate: the first
// request a freshly started runtime serves, one kind per start.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { progress } from "../progress.mjs";
import { addedQuantile, measured } from "../rows.mjs";
import { median, perOperation, timeRequest } from "../timing.mjs";
import { buildWorker } from "../wrangler-dev.mjs";

const PORT = 8853;
const FIRST_MISS =
  "A new user object applies every migration of its class (here auth's and billing's: 40-odd tables, indexes and triggers) before its first call; a bare object creates one table. Done: a fresh object's whole schema is applied in one step (the system tables and every migration in one exec, the records in one INSERT), where it took two statements per migration. What is left is SQLite creating the schema itself and, in a cold isolate, planning it once (compiling and hashing every migration). What would close more: a schema snapshot per class, or creating plugin tables lazily on first use.";

export async function firstRequest({ base, start, config, quick }) {
  const rows = [];
  // Warm isolate: the shared runtime, fresh objects of both kinds, interleaved.
  const rounds = quick ? 5 : 6;
  const perRound = quick ? 3 : 5;
  const warm = { bare: [], userdo: [] };
  const all = { bare: [], userdo: [] };
  await timeRequest(`${base}/first/bare/warmup`);
  await timeRequest(`${base}/first/userdo/warmup`);
  let tick = progress("9 first request", `warm isolate: ${rounds} rounds of ${perRound} new objects of each kind`);
  for (let round = 0; round < rounds; round++) {
    const sample = { bare: [], userdo: [] };
    for (let i = 0; i < perRound; i++)
      for (const kind of (round + i) % 2 ? ["userdo", "bare"] : ["bare", "userdo"])
        sample[kind].push(await timeRequest(`${base}/first/${kind}/w${round}-${i}`));
    for (const kind of ["bare", "userdo"]) {
      warm[kind].push(median(sample[kind]));
      all[kind].push(...sample[kind]);
    }
    tick(round + 1, rounds);
  }
  rows.push(
    measured("9 first request", "warm isolate: bare DurableObject, first request (p50)", warm.bare, "ms", {
      base: warm.bare,
      note: "table created, funded, one UPDATE",
    }),
  );
  rows.push(
    measured("9 first request", "warm isolate: new user object, first request (p50)", warm.userdo, "ms", {
      base: warm.bare,
      target: 1.5,
      note: "created, auth + billing migrations applied, funded, charged: one call",
      ifMiss: FIRST_MISS,
    }),
  );
  rows.push(
    measured(
      "9 first request",
      "warm isolate: added ms, new user minus bare (p50)",
      warm.userdo.map((u, i) => u - warm.bare[i]),
      "ms",
      { note: "per round" },
    ),
  );
  rows.push(
    addedQuantile(
      "9 first request",
      "warm isolate: added ms, new user minus bare (p99)",
      all.userdo,
      all.bare,
      0.99,
      "ms",
    ),
  );

  // The schema alone, apart from creating the object: one step against migration by migration.
  const schema = await perOperation(
    {
      stepwise: (n) => `${base}/first/schema/stepwise?n=${n}`,
      "one-step": (n) => `${base}/first/schema/one-step?n=${n}`,
    },
    { n: quick ? 5 : 20, rounds: quick ? 5 : 9, scenario: "9 first request", label: "the user class's schema alone" },
  );
  rows.push(
    measured(
      "9 first request",
      "the user class's schema on empty storage, migration by migration",
      schema.stepwise,
      "µs",
      {
        base: schema.stepwise,
        note: "each application followed by dropping every table (the same for both)",
      },
    ),
  );
  rows.push(
    measured("9 first request", "the user class's schema on empty storage, in one step", schema["one-step"], "µs", {
      base: schema.stepwise,
      note: "what a fresh object now does",
    }),
  );

  // Cold isolate: restart the runtime for every sample (built once), alternating which kind goes first.
  const coldRounds = quick ? 2 : 5;
  const cold = { bare: [], userdo: [] };
  const dir = mkdtempSync(join(tmpdir(), "userdo-bench-first-"));
  try {
    const script = await buildWorker(config, dir);
    tick = progress("9 first request", `cold isolate: ${coldRounds * 2} runtime starts, one first request each`);
    for (let r = 0; r < coldRounds * 2; r++) {
      const kind = r % 2 ? "userdo" : "bare";
      const server = await start(PORT, { script });
      try {
        cold[kind].push(await timeRequest(`${server.base}/first/${kind}/cold${r}`));
      } finally {
        await server.stop();
      }
      tick(r + 1, coldRounds * 2);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push(
    measured("9 first request", "cold isolate: bare DurableObject, first request", cold.bare, "ms", {
      base: cold.bare,
      note: "the first object request of a freshly started runtime (after only the runner's readiness probe, a 404 from the Worker)",
    }),
  );
  rows.push(
    measured("9 first request", "cold isolate: new user object, first request", cold.userdo, "ms", {
      base: cold.bare,
      target: 1.5,
      note: "pairs: start 2k (bare) with start 2k+1 (user object); plans the class's migrations too",
      ifMiss: FIRST_MISS,
    }),
  );
  rows.push(
    measured(
      "9 first request",
      "cold isolate: added ms, new user minus bare",
      cold.userdo.map((u, i) => u - cold.bare[i]),
      "ms",
      { note: "per pair of starts" },
    ),
  );
  return rows;
}
