// Scenario 1: the query path in one object, N operations per request so the
// call's own cost does not dominate. Every contender runs the same statements
// (same columns, same WHERE, `value = value + 1` with the literal) on its own
// object holding the same seeded table.
import { row } from "../rows.mjs";
import { perOperation } from "../timing.mjs";

const CONTENDERS = ["raw", "userdo-sync", "userdo-async", "drizzle", "kysely-do"];
const OPS = ["select", "insert", "update"];
const N = 4000;
const ROUNDS = 21;

const SYNC_MISS =
  "The prepared path runs the same statement text through the same exec as raw; per call it adds a copy of the parameter template, a lookup per named parameter and the limit check of each value (well under a microsecond), so a miss here is mostly this machine's noise: on a shared 2-core VM these ratios move by about 0.1-0.15x between runs; when the miss is being slower than drizzle with both near 1x, both prepared paths sit on the floor and their order flips from run to run. What would close the rest: a bind function generated per query shape that passes values straight to exec, without the intermediate array.";
const ASYNC_MISS =
  "Kysely builds the query (about 4 µs here) and compiles it (about 5 µs) on every call, and its executor adds a few microseconds of promise hops; a write without RETURNING also needs a second statement, `SELECT changes(), last_insert_rowid()`, for Kysely's numAffectedRows and insertId, which alone doubles a point write. So 1.5x of raw is below the cost of building the query. kysely-do is faster on writes because it skips that second statement: it returns no insertId and counts index writes as affected rows. What closes it: compile once, i.e. `prepare()` with `this.sync` (the row above, at raw cost); a cache of compiled queries keyed by the builder's shape would save the compile (about a third) but not the build or the second statement.";

export async function queryPath({ base }) {
  const rows = [];
  for (const op of OPS) {
    const kinds = Object.fromEntries(CONTENDERS.map((c) => [c, (n) => `${base}/query/${c}/${op}?n=${n}`]));
    const perOp = await perOperation(kinds, { n: N, rounds: ROUNDS });
    const vs = (a, peer) => (perOp[a] <= perOp[peer] ? `faster than ${peer}` : `SLOWER than ${peer}`);
    const r = (name, measure, target, note, ifMiss = "") => {
      const result = row("1 query path", `${op}: ${measure}`, perOp[name], "µs/op", perOp.raw, target, note, ifMiss);
      // The other target: both userdo paths faster than both peers.
      if (note.startsWith("SLOWER")) return { ...result, pass: false };
      return result;
    };
    rows.push(r("raw", "raw sql.exec", null, "the floor"));
    rows.push(r("userdo-sync", "userdo sync (prepared)", 1.1, `${vs("userdo-sync", "drizzle")}`, SYNC_MISS));
    rows.push(r("userdo-async", "userdo async (this.db)", 1.5, `${vs("userdo-async", "kysely-do")}`, ASYNC_MISS));
    rows.push(r("drizzle", "drizzle durable-sqlite (prepared)", null, "peer"));
    rows.push(
      r(
        "kysely-do",
        "kysely-do",
        null,
        op === "select" ? "peer" : "peer; reads no insertId, counts index writes as affected rows",
      ),
    );
  }
  return rows;
}
