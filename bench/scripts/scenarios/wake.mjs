// Scenario 2: waking an object with 50 applied migrations and plugins, against a bare DurableObject.
import { median, row, timeRequest } from "../harness.mjs";

const OBJECTS = 5;
const WAKES = 8;

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
    row("2 wake", "UserDO, 50 migrations + 4 plugins, first call after reset (p50)", median(samples.userdo), "ms", bare, 1.2),
  ];
}
