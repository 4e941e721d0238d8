// Scenario 1: the query path inside one object, N operations per request.
import { median, row, timeRequest } from "../harness.mjs";

const CONTENDERS = ["raw", "userdo-sync", "userdo-async", "drizzle", "kysely-do"];
const OPS = ["select", "insert", "update"];
const N = 2000;
const ROUNDS = 9;

export async function queryPath({ base }) {
  const rows = [];
  for (const op of OPS) {
    const timings = Object.fromEntries(CONTENDERS.map((c) => [c, { n: [], zero: [] }]));
    for (const c of CONTENDERS) await timeRequest(`${base}/query/${c}/${op}?n=${N}`); // warm up
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of CONTENDERS) {
        timings[c].zero.push(await timeRequest(`${base}/query/${c}/${op}?n=0`));
        timings[c].n.push(await timeRequest(`${base}/query/${c}/${op}?n=${N}`));
      }
    }
    // Per-operation cost: the call overhead (n=0) subtracted, divided by N.
    const perOp = Object.fromEntries(CONTENDERS.map((c) => [c, ((median(timings[c].n) - median(timings[c].zero)) / N) * 1000]));
    const raw = perOp.raw;
    rows.push(row("1 query path", `${op}: raw sql.exec`, raw, "µs/op", raw, null, "the floor"));
    rows.push(row("1 query path", `${op}: userdo sync (prepared)`, perOp["userdo-sync"], "µs/op", raw, 1.1));
    rows.push(row("1 query path", `${op}: userdo async (this.db)`, perOp["userdo-async"], "µs/op", raw, 1.5));
    rows.push(row("1 query path", `${op}: drizzle durable-sqlite (prepared)`, perOp.drizzle, "µs/op", raw, null, perOp.drizzle > perOp["userdo-sync"] ? "slower than userdo sync" : "FASTER than userdo sync"));
    rows.push(row("1 query path", `${op}: kysely-do`, perOp["kysely-do"], "µs/op", raw, null, perOp["kysely-do"] > perOp["userdo-async"] ? "slower than userdo async" : "FASTER than userdo async"));
  }
  return rows;
}
