// Scenario 2: waking an object with 50 applied migrations and plugins, against a bare DurableObject.
import { row } from "../rows.mjs";
import { median, timeRequest } from "../timing.mjs";

const OBJECTS = 5;
const WAKES = 8;

const WAKE_MISS =
  "A wake with nothing to migrate reads one fingerprint row, then each plugin's onWake and the scheduler's re-arm run (the plan is cached per isolate). A miss means one of those grew: what would close it is reading the fingerprint and the pending-task check in one statement, and re-arming the alarm only when its time changed.";

export async function wakeCost({ base }) {
  const samples = { bare: [], userdo: [] };
  for (let o = 0; o < OBJECTS; o++) {
    for (const kind of ["bare", "userdo"]) await timeRequest(`${base}/wake/${kind}/w${o}/ping`); // create + migrate once
  }
  for (let w = 0; w < WAKES; w++) {
    for (let o = 0; o < OBJECTS; o++) {
      for (const kind of ["bare", "userdo"]) {
        await timeRequest(`${base}/wake/${kind}/w${o}/abort`); // reset: the next call constructs the object anew
        samples[kind].push(await timeRequest(`${base}/wake/${kind}/w${o}/ping`));
      }
    }
  }
  const bare = median(samples.bare);
  return [
    row("2 wake", "bare DurableObject, first call after reset (p50)", bare, "ms", bare, null),
    row(
      "2 wake",
      "UserDO, 50 applied migrations, 6 plugins (4 core + 2), first call after reset (p50)",
      median(samples.userdo),
      "ms",
      bare,
      1.2,
      "",
      WAKE_MISS,
    ),
  ];
}
