// Scenario 2: waking an object with 50 applied migrations and plugins, against
// a bare DurableObject; each beside a warm ping of the same object, so the
// added milliseconds of a wake are printed apart from the local proxy's time.
import { addedQuantile, measured } from "../rows.mjs";
import { progress } from "../progress.mjs";
import { quantile, timeRequest } from "../timing.mjs";

const WAKE_MISS =
  "A wake with nothing to migrate reads one fingerprint row, then each plugin's onWake and the scheduler's re-arm run (the plan is cached per isolate; scenario 9 measures a cold isolate). A miss means one of those grew: what would close it is reading the fingerprint and the pending-task check in one statement, and re-arming the alarm only when its time changed.";

export async function wakeCost({ base, quick }) {
  const objects = quick ? 3 : 5;
  const rounds = quick ? 5 : 8;
  const kinds = ["bare", "userdo"];
  for (let o = 0; o < objects; o++) for (const kind of kinds) await timeRequest(`${base}/wake/${kind}/w${o}/ping`); // create + migrate once
  const wake = { bare: [], userdo: [] };
  const warm = { bare: [], userdo: [] };
  const all = { bare: [], userdo: [], warmBare: [], warmUserdo: [] };
  const tick = progress("2 wake", `${rounds} rounds of ${objects} objects of each kind: reset, wake, warm ping`);
  for (let round = 0; round < rounds; round++) {
    const sample = { bare: [], userdo: [], warmBare: [], warmUserdo: [] };
    for (let o = 0; o < objects; o++) {
      for (const kind of round % 2 ? [...kinds].reverse() : kinds) {
        await timeRequest(`${base}/wake/${kind}/w${o}/abort`); // reset: the next call constructs the object anew
        sample[kind].push(await timeRequest(`${base}/wake/${kind}/w${o}/ping`));
        sample[kind === "bare" ? "warmBare" : "warmUserdo"].push(await timeRequest(`${base}/wake/${kind}/w${o}/ping`));
      }
    }
    for (const k of Object.keys(sample)) all[k].push(...sample[k]);
    wake.bare.push(quantile(sample.bare, 0.5));
    wake.userdo.push(quantile(sample.userdo, 0.5));
    warm.bare.push(quantile(sample.warmBare, 0.5));
    warm.userdo.push(quantile(sample.warmUserdo, 0.5));
    tick(round + 1, rounds);
  }
  const added = (kind) => wake[kind].map((w, i) => w - warm[kind][i]);
  return [
    measured("2 wake", "bare DurableObject, first call after reset (p50)", wake.bare, "ms", { base: wake.bare }),
    measured(
      "2 wake",
      "UserDO, 50 applied migrations, 6 plugins (4 core + 2), first call after reset (p50)",
      wake.userdo,
      "ms",
      {
        base: wake.bare,
        target: 1.2,
        ifMiss: WAKE_MISS,
      },
    ),
    measured("2 wake", "added ms: bare wake minus a warm ping of it (p50)", added("bare"), "ms", {
      note: "per round: p50 of wakes minus p50 of warm pings",
    }),
    addedQuantile("2 wake", "added ms: bare wake minus a warm ping of it (p99)", all.bare, all.warmBare, 0.99, "ms"),
    measured("2 wake", "added ms: UserDO wake minus a warm ping of it (p50)", added("userdo"), "ms", {
      note: "per round: p50 of wakes minus p50 of warm pings",
    }),
    addedQuantile(
      "2 wake",
      "added ms: UserDO wake minus a warm ping of it (p99)",
      all.userdo,
      all.warmUserdo,
      0.99,
      "ms",
    ),
  ];
}
