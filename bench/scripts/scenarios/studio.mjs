// Scenario 6: the studio's /query/raw (as Outerbase Studio sends it) for 1,000
// rows, against the same SELECT run raw in the same object, both over HTTP.
import { progress } from "../progress.mjs";
import { measured } from "../rows.mjs";
import { median, timeRequest } from "../timing.mjs";

const ROUNDS = 6;
const PER_ROUND = 10;
const SELECT = "SELECT id, name, email, balance, created_at FROM person ORDER BY id LIMIT 1000";

export async function studio({ base, vars }) {
  const name = "studio-1000";
  const studioInit = {
    method: "POST",
    headers: { authorization: `Bearer ${vars.STUDIO_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ sql: SELECT }),
  };
  const check = await (await fetch(`${base}/sqlite/ROWS/${name}/query/raw`, studioInit)).json();
  if (check.result?.rows?.length !== 1000)
    throw new Error(`the studio answered ${JSON.stringify(check).slice(0, 200)}`);
  for (let i = 0; i < 10; i++) {
    await timeRequest(`${base}/studio-raw/${name}`);
    await timeRequest(`${base}/sqlite/ROWS/${name}/query/raw`, studioInit);
  }
  const p50 = { raw: [], studio: [] };
  const tick = progress("6 studio", `${ROUNDS} rounds of ${PER_ROUND} requests of each`);
  for (let round = 0; round < ROUNDS; round++) {
    const samples = { raw: [], studio: [] };
    for (let i = 0; i < PER_ROUND; i++) {
      samples.raw.push(await timeRequest(`${base}/studio-raw/${name}`));
      samples.studio.push(await timeRequest(`${base}/sqlite/ROWS/${name}/query/raw`, studioInit));
    }
    p50.raw.push(median(samples.raw));
    p50.studio.push(median(samples.studio));
    tick(round + 1, ROUNDS);
  }
  return [
    measured("6 studio", "raw sql.exec of the SELECT, 1,000 rows as JSON (p50)", p50.raw, "ms", {
      base: p50.raw,
      note: "RPC to the object, rows as arrays, Response.json",
    }),
    measured("6 studio", "studio /query/raw, same SELECT (p50)", p50.studio, "ms", {
      base: p50.raw,
      note: "token check, JSON body, limits, read-only check, BLOB encoding, meta",
    }),
  ];
}
