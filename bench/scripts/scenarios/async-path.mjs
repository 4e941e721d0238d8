// Scenario 8: where the time of one `this.db` operation goes. Each part runs
// N times in one object call, every part in every round: building the query,
// compiling it, Kysely's executor with the statement (execute), the whole
// builder call (full), and the raw statement alone, with the counts read by a
// second statement, or from RETURNING.
import { measured } from "../rows.mjs";
import { perOperation } from "../timing.mjs";

const PARTS = {
  build: "build the query (Kysely builder to its node)",
  "shape-key": "build + serialize the node (the least a cache keyed by the query's shape pays)",
  compile: "build + compile to SQL text",
  execute: "build + compile + Kysely's executor and this.db's statement",
  full: "the whole call, builder.execute()",
  "raw-one": "raw: the statement alone, no counts read",
  "raw-two": "raw: the statement, then SELECT changes(), last_insert_rowid()",
  "raw-returning": "raw: the statement with RETURNING rowid, rows counted",
};

export async function asyncPath({ base, quick }) {
  const n = quick ? 500 : 2000;
  const rounds = quick ? 5 : 11;
  const rows = [];
  for (const op of ["select", "insert", "update"]) {
    const parts = Object.keys(PARTS).filter((p) => op !== "select" || !p.startsWith("raw-") || p === "raw-one");
    const kinds = Object.fromEntries(parts.map((p) => [p, (k) => `${base}/async/${p}/${op}?n=${k}`]));
    const perOp = await perOperation(kinds, { n, rounds, scenario: "8 async path", label: op });
    for (const part of parts)
      rows.push(
        measured(
          "8 async path",
          `${op}: ${part === "raw-one" && op === "select" ? "raw: the statement alone" : PARTS[part]}`,
          perOp[part],
          "µs/op",
          {
            base: perOp["raw-one"],
            note: part === "raw-one" ? "the floor" : "",
          },
        ),
      );
  }
  return rows;
}
