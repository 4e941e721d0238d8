// Scenario 7: many users. Peak memory of the runtime (the workerd process of
// this run's own wrangler dev) after touching 1,000 and 10,000 distinct user
// objects, and how the time of one request grows from 10 to 10,000 users.
import { row } from "../rows.mjs";
import { median, timeRequest } from "../timing.mjs";
import { memoryOf } from "../wrangler-dev.mjs";

const PORT = 8852;
const STEPS = [10, 100, 1_000, 10_000];
const MEMORY_AT = new Set([1_000, 10_000]);
const TOUCH_BATCH = 100;
const TOUCH_PARALLEL = 4;
const REQUESTS = 300;

function runtimeMemory(server) {
  const pids = server.runtimePids();
  if (pids.length === 0) throw new Error("no workerd process under this run's wrangler");
  const all = pids.map(memoryOf);
  return { rssMiB: all.reduce((a, m) => a + m.rssMiB, 0), peakMiB: all.reduce((a, m) => a + m.peakMiB, 0) };
}

/** Wakes users [from, to) through the Worker, TOUCH_PARALLEL batches at a time. */
async function touch(base, from, to) {
  let next = from;
  await Promise.all(
    Array.from({ length: TOUCH_PARALLEL }, async () => {
      while (next < to) {
        const start = next;
        next = Math.min(to, next + TOUCH_BATCH);
        await timeRequest(`${base}/scale/touch?from=${start}&count=${next - start}`, { method: "POST" });
      }
    }),
  );
}

export async function scale({ start }) {
  const server = await start(PORT);
  const rows = [];
  try {
    const { base } = server;
    await timeRequest(`${base}/anon`);
    const idle = runtimeMemory(server);
    rows.push(
      row(
        "7 scale",
        "runtime memory before any user object (RSS)",
        idle.rssMiB,
        "MiB",
        idle.rssMiB,
        null,
        "the workerd process of this run's wrangler dev",
      ),
    );
    let touched = 0;
    const perRequest = {};
    for (const users of STEPS) {
      const t0 = performance.now();
      await touch(base, touched, users);
      if (users === STEPS.at(-1)) {
        const perSecond = (users - touched) / ((performance.now() - t0) / 1000);
        rows.push(
          row(
            "7 scale",
            "new user objects woken per second (created, migrated, one read)",
            perSecond,
            "objects/s",
            null,
            null,
            `${TOUCH_PARALLEL} requests of ${TOUCH_BATCH} at a time`,
          ),
        );
      }
      touched = users;
      if (MEMORY_AT.has(users)) {
        const m = runtimeMemory(server);
        rows.push(
          row(
            "7 scale",
            `runtime memory after touching ${users.toLocaleString("en")} user objects (peak, VmHWM)`,
            m.peakMiB,
            "MiB",
            idle.rssMiB,
            null,
            `RSS now ${m.rssMiB.toFixed(0)} MiB; objects of the auth + billing class`,
          ),
        );
      }
      const samples = [];
      for (let i = 0; i < REQUESTS; i++)
        samples.push(await timeRequest(`${base}/scale/user/${Math.floor(Math.random() * users)}`));
      perRequest[users] = median(samples);
    }
    const base10 = perRequest[STEPS[0]];
    for (const users of STEPS) {
      rows.push(
        row(
          "7 scale",
          `one request to a random one of ${users.toLocaleString("en")} users (p50)`,
          perRequest[users],
          "ms",
          base10,
          null,
          `${REQUESTS} sequential requests`,
        ),
      );
    }
  } catch (error) {
    process.stderr.write(`wrangler dev said, last:\n${server.output().slice(-3000)}\n`);
    throw error;
  } finally {
    await server.stop();
  }
  return rows;
}
