import { DrizzleQueryDO } from "./query/drizzle-do.js";
import { KyselyDoQueryDO } from "./query/kysely-do-do.js";
import { RawQueryDO } from "./query/raw-do.js";
import type { QueryOp } from "./query/schema.js";
import { UserdoQueryDO } from "./query/userdo-do.js";
import { BareWakeDO, UserdoWakeDO } from "./wake/wake-dos.js";

export { BareWakeDO, DrizzleQueryDO, KyselyDoQueryDO, RawQueryDO, UserdoQueryDO, UserdoWakeDO };

interface Env {
  RAW: DurableObjectNamespace<RawQueryDO>;
  USERDO: DurableObjectNamespace<UserdoQueryDO>;
  DRIZZLE: DurableObjectNamespace<DrizzleQueryDO>;
  KYSELY_DO: DurableObjectNamespace<KyselyDoQueryDO>;
  WAKE_BARE: DurableObjectNamespace<BareWakeDO>;
  WAKE_USERDO: DurableObjectNamespace<UserdoWakeDO>;
}

const OPS = new Set<QueryOp>(["select", "insert", "update"]);

function get<T extends Rpc.DurableObjectBranded>(ns: DurableObjectNamespace<T>, name: string): DurableObjectStub<T> {
  return ns.get(ns.idFromName(name));
}

async function query(contender: string, op: QueryOp, n: number, env: Env): Promise<number> {
  switch (contender) {
    case "raw":
      return get(env.RAW, "bench").run(op, n);
    case "userdo-sync":
      return get(env.USERDO, "bench-sync").runSync(op, n);
    case "userdo-async":
      return get(env.USERDO, "bench-async").runAsync(op, n);
    case "drizzle":
      return get(env.DRIZZLE, "bench").run(op, n);
    case "kysely-do":
      return get(env.KYSELY_DO, "bench").run(op, n);
    default:
      throw new Error(`unknown contender ${contender}`);
  }
}

async function wake(kind: string, name: string, action: string, env: Env): Promise<number> {
  const stub = kind === "bare" ? get(env.WAKE_BARE, name) : get(env.WAKE_USERDO, name);
  if (action === "ping") return stub.ping();
  try {
    await stub.abort();
  } catch {
    // the abort rejects the call that asked for it
  }
  return 0;
}

/**
 * The bench Worker. The runner (scripts/run.mjs) times these routes from
 * outside the runtime:
 *   GET /query/<contender>/<op>?n=N   N operations inside one object call
 *   GET /wake/<bare|userdo>/<name>/<abort|ping>
 */
export default {
  async fetch(request, env): Promise<Response> {
    const [, kind, a, b, c] = new URL(request.url).pathname.split("/");
    try {
      if (kind === "query" && a && OPS.has(b as QueryOp)) {
        const n = Number(new URL(request.url).searchParams.get("n") ?? "0");
        return Response.json({ result: await query(a, b as QueryOp, n, env) });
      }
      if (kind === "wake" && a && b && c) return Response.json({ result: await wake(a, b, c, env) });
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 });
    }
  },
} satisfies ExportedHandler<Env>;
