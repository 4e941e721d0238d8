import { type BenchRoute, nameParam, oneOf, result } from "../http/bench-route.js";

function stub(env: Env, kind: "bare" | "userdo", name: string) {
  return kind === "bare"
    ? env.WAKE_BARE.get(env.WAKE_BARE.idFromName(name))
    : env.WAKE_USERDO.get(env.WAKE_USERDO.idFromName(name));
}

/**
 * Scenario 2. `GET /wake/<bare|userdo>/<name>/<abort|ping>`: `abort` resets
 * the object (its next call constructs it anew, as after eviction); `ping` is
 * the call that is timed.
 *
 * @example
 * ```sh
 * curl http://127.0.0.1:8851/wake/userdo/w0/abort && curl http://127.0.0.1:8851/wake/userdo/w0/ping  # {"result":1}
 * ```
 */
export const wakeRoutes: BenchRoute = async (_request, env, _url, path) => {
  const kind = oneOf(path[0], ["bare", "userdo"], "kind");
  const name = nameParam(path[1], "object name");
  const action = oneOf(path[2], ["abort", "ping"], "action");
  if (action === "ping") return result(await stub(env, kind, name).ping());
  try {
    await stub(env, kind, name).abort();
  } catch {
    // ctx.abort() rejects the very call that asked for it: that is the reset.
  }
  return result(0);
};
