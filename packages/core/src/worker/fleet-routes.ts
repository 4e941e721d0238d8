import { UserDOError } from "../errors.js";
import type { FleetOptions, FleetStatus } from "../shared/fleet-types.js";
import { jsonResponse } from "../shared/json-response.js";
import type { StudioAccess } from "../shared/studio-protocol.js";
import { parseQuery } from "../schema/parse-input.js";
import { FleetMigrateQueryString } from "./data-route-inputs.js";

/** The path segment of fleet requests: `<basePath>/_fleet/<binding>`. */
export const FLEET_SEGMENT = "_fleet";

/**
 * What the studio route asks about fleet migrations: `masterShards(env.MASTER, shards)` has both.
 *
 * @example
 * ```ts
 * const fleet: StudioFleet<Env> = (env) => masterShards(env.MASTER, 1);
 * ```
 */
export type StudioFleet<Env> = (env: Env) => {
  migrateFleet(binding: string, options?: FleetOptions): Promise<FleetStatus>;
  fleetStatus(binding: string): Promise<FleetStatus>;
};

function optionsOf(url: URL): FleetOptions {
  const { restart, ...counts } = parseQuery(FleetMigrateQueryString, url, { root: "query" });
  return restart === "1" ? { ...counts, restart: true } : counts;
}

/**
 * `GET <base>/_fleet/<binding>`: the last fleet migration's counts and failed
 * objects; `POST <base>/_fleet/<binding>/migrate[?concurrency=6&batch=50&restart=1]`
 * starts one (or resumes the one running) and answers its status at once
 * (202 while it runs). Starting needs the read-write token.
 */
export async function answerFleet(
  request: Request,
  parts: readonly string[],
  fleet: ReturnType<StudioFleet<unknown>>,
  access: StudioAccess,
): Promise<Response> {
  const binding = parts[1] ?? "";
  if (parts.length === 2) {
    if (request.method !== "GET")
      return jsonResponse(405, { error: "use GET", code: "method_not_allowed" }, { allow: "GET" });
    return jsonResponse(200, await fleet.fleetStatus(binding));
  }
  if (parts.length === 3 && parts[2] === "migrate") {
    if (request.method !== "POST")
      return jsonResponse(405, { error: "use POST", code: "method_not_allowed" }, { allow: "POST" });
    if (access !== "read-write")
      throw new UserDOError(403, "read_only", "starting a fleet migration needs the admin token");
    const status = await fleet.migrateFleet(binding, optionsOf(new URL(request.url)));
    return jsonResponse(status.running ? 202 : 200, status);
  }
  throw new UserDOError(404, "not_found", "fleet URLs are <base>/_fleet/<binding> and <base>/_fleet/<binding>/migrate");
}
