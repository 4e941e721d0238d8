import { UserDOError, studioRoute } from "@userdo/core";
import { type BenchRoute, nameParam } from "../http/bench-route.js";

/**
 * Scenario 6, the studio: `POST /sqlite/ROWS/<name>/query/raw` as Outerbase
 * Studio sends it, through `studioRoute` with the run's random token.
 *
 * @example
 * ```sh
 * curl -X POST http://127.0.0.1:8851/sqlite/ROWS/s1/query/raw -H "Authorization: Bearer $STUDIO_TOKEN" \\
 *   -H "Content-Type: application/json" -d '{"sql": "SELECT count(*) FROM person"}'
 * ```
 */
export const studio = studioRoute<Env>({
  namespaces: { ROWS: (env) => env.STUDIO_ROWS },
  token: (env) => env.STUDIO_TOKEN,
});

/**
 * Scenario 6, the floor: `GET /studio-raw/<name>` runs the same SELECT with
 * `sql.exec` in the object and answers the same JSON shape, `{ result: { columns, rows } }`.
 *
 * @example
 * ```sh
 * curl http://127.0.0.1:8851/studio-raw/s1  # {"result":{"columns":["id",…],"rows":[[1,"person 1",…],…]}}
 * ```
 */
export const studioRawRoute: BenchRoute = async (request, env, _url, path) => {
  if (request.method !== "GET") throw new UserDOError(405, "method_not_allowed", "use GET");
  const name = nameParam(path[0], "object name");
  const answer = await env.STUDIO_ROWS.get(env.STUDIO_ROWS.idFromName(name)).rawSelect();
  return Response.json({ result: answer }, { headers: { "cache-control": "no-store" } });
};
