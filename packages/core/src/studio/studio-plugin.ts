import { ConfigurationError, errorStatus } from "../errors.js";
import { definePlugin, type PluginContext } from "../plugin/plugin.js";
import { type StudioDatabase, runStudioRequest } from "./studio-executor.js";
import type { StudioAnswer, StudioQueryOptions } from "../shared/studio-protocol.js";
import { checkStudioRequest } from "./studio-request.js";

function checkOptions(options: unknown): StudioQueryOptions {
  const access = (options as { access?: unknown } | null | undefined)?.access;
  if (access !== "read-write" && access !== "read-only") {
    // A bug in the calling Worker, not bad client input: the access must always be stated.
    throw new ConfigurationError(
      "bad_studio_options",
      'studioQuery needs options { access: "read-write" | "read-only" }',
    );
  }
  return { access };
}

/**
 * The studio as a core plugin: every UserDO, and every class made with
 * `withPlugins`, answers Outerbase's Starbase protocol through the
 * `studioQuery` RPC. The Worker side (`studioRoute`) authenticates the caller,
 * decides its access and turns the answer into a Response.
 *
 * Committed writes are recorded in the object's log as their verbs and counts,
 * never their SQL or values (which may hold secrets).
 *
 * @example
 * ```ts
 * // Nothing to add to a class: mount the Worker side and every object answers.
 * const studio = studioRoute<Env>({ namespaces: { USERS: (env) => env.USERS }, token: (env) => env.STUDIO_TOKEN });
 * // POST /sqlite/USERS/alice/query/raw {"transaction": [{"sql": "UPDATE todo SET done = 1 WHERE id = ?", "params": [7]}]}
 * // -> 200 {"result": [{"columns": [], "rows": [], "meta": {"rows_read": 1, "rows_written": 1}}]}
 * ```
 */
export const studioPlugin = definePlugin({
  name: "studio",
  methods: {
    /**
     * Runs a Starbase request (`{"sql", "params"?}` or `{"transaction": [...]}`)
     * and answers `{ status, body }`: 200 with `{"result"}`, or a 4xx with
     * `{"error", "code"}` for bad input, SQL errors, limits and read-only refusals.
     */
    studioQuery(this: PluginContext, request: unknown, options: StudioQueryOptions): StudioAnswer {
      const { access } = checkOptions(options);
      try {
        const checked = checkStudioRequest(request);
        const storage = this.ctx.storage;
        // Through this.sync: replication notices studio writes like any other.
        const db: StudioDatabase = {
          exec: (sql, ...params) => this.sync.exec(sql, ...params),
          transactionSync: (fn) => storage.transactionSync(fn),
        };
        const { results, writeVerbs } = runStudioRequest(db, checked, access);
        if (writeVerbs.length > 0) {
          const rowsWritten = results.reduce((n, r) => n + r.meta.rows_written, 0);
          this.log("info", "studio write", {
            verbs: writeVerbs,
            statements: results.length,
            rows_written: rowsWritten,
          });
        }
        return { status: 200, body: { result: checked.transaction ? results : results[0]! } };
      } catch (error) {
        const { status, code, message } = errorStatus(error);
        if (status >= 500) throw error;
        return { status, body: { error: message, code } };
      }
    },
  },
});
