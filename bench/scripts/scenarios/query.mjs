// Scenario 1: the query path in one object, N operations per request so the
// call's own cost does not dominate. Every contender runs the same statements
// (same columns, same WHERE, `value = value + 1` with the literal) on its own
// object holding the same seeded table.
import { perOperation, ratioRow } from "../harness.mjs";

const CONTENDERS = ["raw", "userdo-sync", "userdo-async", "drizzle", "kysely-do"];
const OPS = ["select", "insert", "update"];
const N = 4000;
const ROUNDS = 11;

export async function queryPath({ base }) {
  const rows = [];
  for (const op of OPS) {
    const kinds = Object.fromEntries(CONTENDERS.map((c) => [c, (n) => `${base}/query/${c}/${op}?n=${n}`]));
    const { best, ratio } = await perOperation(kinds, { n: N, rounds: ROUNDS });
    const faster = (a, b) => (best[a] < best[b] ? "faster than" : "SLOWER than");
    const r = (name, measure, target, note) =>
      ratioRow("1 query path", `${op}: ${measure}`, best[name], "µs/op", best[name] / best.raw, target, `${note}; paired median ${ratio(name, "raw").toFixed(2)}x`);
    rows.push(r("raw", "raw sql.exec", null, "the floor"));
    rows.push(r("userdo-sync", "userdo sync (prepared)", 1.1, `${faster("userdo-sync", "drizzle")} drizzle`));
    rows.push(r("userdo-async", "userdo async (this.db)", 1.5, `${faster("userdo-async", "kysely-do")} kysely-do`));
    rows.push(r("drizzle", "drizzle durable-sqlite (prepared)", null, "peer"));
    rows.push(r("kysely-do", "kysely-do", null, op === "select" ? "peer" : "peer; reads no insertId and counts index writes as affected rows"));
  }
  return rows;
}
