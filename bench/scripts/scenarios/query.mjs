// Scenario 1: the query path in one object, N operations per request so the
// call's own cost does not dominate. Every contender runs the same statements
// (same columns, same WHERE, `value = value + 1` with the literal) on its own
// object holding the same seeded table; the statements each sends to SQLite
// per operation are counted and printed.
import { measured } from "../rows.mjs";
import { fetchJson, median, perOperation } from "../timing.mjs";

const CONTENDERS = ["raw", "userdo-sync", "userdo-async", "drizzle", "kysely-do"];
const OPS = ["select", "insert", "update"];

const SYNC_MISS =
  "The prepared path runs the same statement text through the same exec as raw; per call it adds a copy of the parameter template, a lookup per named parameter and the limit check of each value (well under a microsecond), so a miss here is mostly this machine's noise: the interval shows how far one run can tell; when the miss is being slower than drizzle with both near 1x, both prepared paths sit on the floor and their order flips from run to run. What would close the rest: a bind function generated per query shape that passes values straight to exec, without the intermediate array.";
const ASYNC_MISS =
  "Scenario 8 splits a this.db call: Kysely builds the query (2-6 µs here, an UPDATE's `set` callback the most) and compiles it (1-3 µs) on every call, and the write's counts cost about one more statement's time whether read by a second statement or from RETURNING (SQLite runs RETURNING through an ephemeral table). Tried, and what each bought (scenario 8 and the notes in the README): one statement with RETURNING instead of `SELECT changes(), last_insert_rowid()` (about even on time: the statement count halves, the work does not); a short executor path without Kysely's asynchronous connection acquire and release (3-5 µs per call, what brought inserts and updates level with kysely-do); a compiled-query cache keyed by the query's shape (not kept: serializing the node tree for its key costs as much as compiling it). 1.5x of raw stays below the cost of building the query; compile once with `prepare()` and `this.sync` (the sync row, at raw cost).";

export async function queryPath({ base, quick }) {
  const n = quick ? 1000 : 4000;
  const rounds = quick ? 5 : 11;
  const rows = [];
  for (const op of OPS) {
    const kinds = Object.fromEntries(CONTENDERS.map((c) => [c, (k) => `${base}/query/${c}/${op}?n=${k}`]));
    const perOp = await perOperation(kinds, { n, rounds, scenario: "1 query path", label: op });
    const statements = {};
    for (const c of CONTENDERS)
      statements[c] = (await fetchJson(`${base}/query/${c}/${op}/statements?n=20`)).result / 20;
    const vs = (a, peer) => (median(perOp[a]) <= median(perOp[peer]) ? `faster than ${peer}` : `SLOWER than ${peer}`);
    const r = (name, measure, target, note, ifMiss = "") => {
      return measured("1 query path", `${op}: ${measure}`, perOp[name], "µs/op", {
        base: perOp.raw,
        target,
        note: `${note}${note ? "; " : ""}${statements[name]} statement${statements[name] === 1 ? "" : "s"}/op`,
        ifMiss,
      });
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
    // The peers' targets, paired per round: userdo sync not slower than drizzle, async not slower than kysely-do.
    for (const [ours, peer, ifMiss] of [
      ["userdo-sync", "drizzle", SYNC_MISS],
      ["userdo-async", "kysely-do", ASYNC_MISS],
    ])
      rows.push(
        measured("1 query path", `${op}: ${ours} / ${peer}`, perOp[ours], "µs/op", {
          base: perOp[peer],
          target: 1,
          note: `ratio to ${peer} in the same rounds`,
          ifMiss,
        }),
      );
  }
  return rows;
}
