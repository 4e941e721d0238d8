import { type ReplicationBatch, UserDOError, errorStatus, masterShards, masterSink } from "@userdo/core";
import { type BenchRoute, intParam, nameParam, oneOf, result } from "../http/bench-route.js";
import { REPLICATED_TABLE } from "./items-dos.js";

const ITEM_SCHEMA = {
  name: REPLICATED_TABLE,
  columns: [
    { name: "id", type: "INTEGER" },
    { name: "name", type: "TEXT" },
    { name: "value", type: "INTEGER" },
  ],
};

/**
 * `GET /replication/write/<captured|uncaptured>?n=N`: N inserts inside one
 * object call, with capture on (triggers fill the outbox) or off.
 *
 * @example
 * ```sh
 * curl "http://127.0.0.1:8851/replication/write/captured?n=1000"  # {"result":3000}: each insert also writes the outbox and its sequence
 * ```
 */
export const replicationWriteRoute: BenchRoute = async (_request, env, url, path) => {
  const kind = oneOf(path[0], ["captured", "uncaptured"], "kind");
  const n = intParam(url, "n", 0, 100_000);
  const stub =
    kind === "captured"
      ? env.CAPTURED.get(env.CAPTURED.idFromName("write-cost"))
      : env.UNCAPTURED.get(env.UNCAPTURED.idFromName("write-cost"));
  return result(await stub.insertMany(n));
};

/**
 * `POST /replication/burst/<name>?n=N`: N inserts in one call to a replicating object (default flush settings).
 *
 * @example
 * ```sh
 * curl -X POST "http://127.0.0.1:8851/replication/burst/lag-0?n=1000"
 * ```
 */
export const replicationBurstRoute: BenchRoute = async (request, env, url, path) => {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "use POST");
  const name = nameParam(path[0], "source name");
  return result(await env.REPLICATED.get(env.REPLICATED.idFromName(name)).insertMany(intParam(url, "n", 1, 10_000)));
};

/**
 * `GET /replication/master-count/<name>`: rows the master holds for that source (0 before its first batch).
 *
 * @example
 * ```sh
 * curl http://127.0.0.1:8851/replication/master-count/lag-0  # {"result":10000}
 * ```
 */
export const masterCountRoute: BenchRoute = async (_request, env, _url, path) => {
  const name = nameParam(path[0], "source name");
  try {
    return result(await masterShards(env.MASTER).count(REPLICATED_TABLE, { _source: name }));
  } catch (error) {
    if (errorStatus(error).code === "unknown_table") return result(0);
    throw error;
  }
};

function batchOf(source: string, fromSeq: number, rows: number): ReplicationBatch {
  const changes = Array.from({ length: rows }, (_, i) => {
    const rowid = fromSeq + i + 1;
    return { table: REPLICATED_TABLE, rowid, values: [rowid, `item ${rowid}`, rowid] };
  });
  return { source, epoch: 1, shards: 1, fromSeq, toSeq: fromSeq + rows, tables: [ITEM_SCHEMA], changes };
}

/**
 * `POST /replication/ingest/<source>?from=F&batches=K&rows=R`: K batches of R
 * new rows each, as a flush sends them (sequences F+1 onward), straight to the
 * master through `masterSink`: the master's ingest rate.
 *
 * @example
 * ```sh
 * curl -X POST "http://127.0.0.1:8851/replication/ingest/i0?from=0&batches=10&rows=500"  # {"result":5000}
 * ```
 */
export const ingestRoute: BenchRoute = async (request, env, url, path) => {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "use POST");
  const source = nameParam(path[0], "source name");
  const from = intParam(url, "from", 0, 10_000_000);
  const batches = intParam(url, "batches", 0, 100);
  const rows = intParam(url, "rows", 1, 1_000);
  const sink = masterSink(env, "MASTER", 1);
  let applied = 0;
  for (let b = 0; b < batches; b++) {
    const answer = await sink.ingest(batchOf(source, from + b * rows, rows));
    if (answer.resync || answer.duplicate)
      throw new UserDOError(409, "bad_sequence", `the master answered ${JSON.stringify(answer)}`);
    applied += answer.applied;
  }
  return result(applied);
};
