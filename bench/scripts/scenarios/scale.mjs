// Scenario 7: many users, bare Durable Objects beside userdo's. For each kind
// its own runtime (its memory is measured alone): touch 10, 100, 1,000 and
// 10,000 distinct objects, read the runtime's memory at each step (and per
// resident object), and time requests to random ones (an object touched long
// ago may have been evicted: its request is then a cold wake, as on the platform).
import { progress } from "../progress.mjs";
import { measured, row } from "../rows.mjs";
import { median, timeRequest } from "../timing.mjs";
import { memoryOf } from "../wrangler-dev.mjs";

const PORT = 8852;
const TOUCH_BATCH = 100;
const TOUCH_PARALLEL = 4;
const LABEL = { bare: "bare DurableObject", userdo: "user object (auth + billing)" };

function runtimeMemory(server) {
  const pids = server.runtimePids();
  if (pids.length === 0) throw new Error("no workerd process under this run's wrangler");
  const all = pids.map(memoryOf);
  return { rssMiB: all.reduce((a, m) => a + m.rssMiB, 0), peakMiB: all.reduce((a, m) => a + m.peakMiB, 0) };
}

/** Wakes objects [from, to) of `kind` through the Worker, TOUCH_PARALLEL batches at a time. */
async function touch(base, kind, from, to, tick) {
  let next = from;
  await Promise.all(
    Array.from({ length: TOUCH_PARALLEL }, async () => {
      while (next < to) {
        const start = next;
        next = Math.min(to, next + TOUCH_BATCH);
        await timeRequest(`${base}/scale/touch?from=${start}&count=${next - start}&kind=${kind}`, { method: "POST" });
        tick(next - from, to - from);
      }
    }),
  );
}

async function oneKind(start, kind, steps, rounds, perRound) {
  const server = await start(PORT);
  try {
    const { base } = server;
    await timeRequest(`${base}/anon`);
    const idle = runtimeMemory(server);
    const out = { idle, steps: {} };
    let touched = 0;
    for (const users of steps) {
      const t0 = performance.now();
      await touch(
        base,
        kind,
        touched,
        users,
        progress("7 scale", `${LABEL[kind]}: waking objects ${touched}..${users - 1}`),
      );
      const wokenPerSecond = (users - touched) / ((performance.now() - t0) / 1000);
      touched = users;
      const memory = runtimeMemory(server);
      const p50 = [];
      const tick = progress(
        "7 scale",
        `${LABEL[kind]}: ${rounds} rounds of ${perRound} requests to random ones of ${users}`,
      );
      for (let round = 0; round < rounds; round++) {
        const samples = [];
        for (let i = 0; i < perRound; i++)
          samples.push(await timeRequest(`${base}/scale/user/${Math.floor(Math.random() * users)}?kind=${kind}`));
        p50.push(median(samples));
        tick(round + 1, rounds);
      }
      out.steps[users] = { memory, p50, wokenPerSecond };
    }
    return out;
  } catch (error) {
    process.stderr.write(`wrangler dev said, last:\n${server.output().slice(-3000)}\n`);
    throw error;
  } finally {
    await server.stop();
  }
}

export async function scale({ start, quick }) {
  const steps = quick ? [10, 100, 1_000] : [10, 100, 1_000, 10_000];
  const rounds = 5;
  const perRound = quick ? 20 : 60;
  const results = {};
  for (const kind of ["bare", "userdo"]) results[kind] = await oneKind(start, kind, steps, rounds, perRound);
  const rows = [];
  for (const kind of ["bare", "userdo"]) {
    const { idle } = results[kind];
    rows.push(
      row(
        "7 scale",
        `${LABEL[kind]}: runtime memory before any object (RSS)`,
        idle.rssMiB,
        "MiB",
        null,
        null,
        "the workerd process of this kind's own wrangler dev",
      ),
    );
  }
  for (const users of steps) {
    const n = users.toLocaleString("en");
    const bare = results.bare.steps[users];
    const ours = results.userdo.steps[users];
    const first = (kind) => results[kind].steps[steps[0]].p50;
    rows.push(
      measured("7 scale", `${n} users: bare DurableObject, one request to a random one (p50)`, bare.p50, "ms", {
        base: first("bare"),
        note: `ratio to 10 bare objects; ${rounds} rounds of ${perRound} sequential requests`,
      }),
    );
    rows.push(
      measured("7 scale", `${n} users: user object, one request to a random one (p50)`, ours.p50, "ms", {
        base: bare.p50,
        note: "ratio to the bare objects at the same step: what userdo adds",
      }),
    );
    for (const [kind, step] of [
      ["bare", bare],
      ["userdo", ours],
    ]) {
      const perObjectKiB = ((step.memory.rssMiB - results[kind].idle.rssMiB) * 1024) / users;
      rows.push(
        row(
          "7 scale",
          `${n} users: ${LABEL[kind]}, runtime memory (RSS)`,
          step.memory.rssMiB,
          "MiB",
          results[kind].idle.rssMiB,
          null,
          `${perObjectKiB.toFixed(1)} KiB per object touched (RSS growth / objects); peak ${step.memory.peakMiB.toFixed(0)} MiB; new objects woken at ${step.wokenPerSecond.toFixed(0)}/s`,
        ),
      );
    }
  }
  return rows;
}
