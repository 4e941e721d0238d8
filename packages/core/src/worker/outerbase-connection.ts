import { UserDOError } from "../errors.js";
import { assertUserName } from "../shared/user-name.js";

/** Where `studioRoute` mounts unless told otherwise. */
export const DEFAULT_STUDIO_BASE_PATH = "/sqlite";

/** Which object to open, and where the Worker serving `studioRoute` is reachable. */
export interface OuterbaseConnectionOptions {
  /** The Worker's public origin (`https://app.example.com`), or any URL on it. */
  readonly origin: string | URL;
  /** The Durable Object binding, as named in `studioRoute`'s `namespaces` (`"USERS"`). */
  readonly binding: string;
  /** The object's name, as given to `idFromName` (a user id, or a master shard's name). */
  readonly name: string;
  /** The route's base path. Default: `/sqlite`. */
  readonly basePath?: string;
}

/** What to type into Outerbase Studio to open one object. Holds no token: that stays with the admin. */
export interface OuterbaseConnection {
  /** The connection's URL; Outerbase appends `/query/raw` to it. */
  readonly url: string;
  /** The connection type to pick in Outerbase Studio. */
  readonly type: "StarbaseDB";
  /** How to connect, step by step. */
  readonly steps: readonly string[];
}

/**
 * The "open in Outerbase" details of one object: the URL to give Outerbase
 * Studio's StarbaseDB connection, and the steps. It never includes the token,
 * so it is safe to show in an admin page.
 *
 * @example
 * ```ts
 * const { url, steps } = outerbaseConnection({ origin: request.url, binding: "USERS", name: "alice" });
 * // url: "https://app.example.com/sqlite/USERS/alice"
 * ```
 */
export function outerbaseConnection(options: OuterbaseConnectionOptions): OuterbaseConnection {
  const parsed = URL.canParse(options.origin) ? new URL(options.origin) : null;
  if (parsed === null || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new UserDOError(400, "bad_origin", "origin must be an http(s) URL such as https://app.example.com");
  }
  const origin = parsed.origin;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.binding)) {
    throw new UserDOError(400, "bad_binding", "binding must be a Durable Object binding name such as USERS");
  }
  assertUserName(options.name);
  const basePath = (options.basePath ?? DEFAULT_STUDIO_BASE_PATH).replace(/\/+$/, "");
  const url = `${origin}${basePath}/${options.binding}/${encodeURIComponent(options.name)}`;
  return {
    url,
    type: "StarbaseDB",
    steps: [
      "Open Outerbase Studio (https://studio.outerbase.com, or its desktop app).",
      'Add a new connection and choose "StarbaseDB".',
      `Set its URL to ${url} (Studio sends queries to ${url}/query/raw).`,
      "Set its token to the studio token (the STUDIO_TOKEN secret, or a read-only token); it is never part of this URL.",
      "Connect: the tables of this object are listed; platform tables (_cf_*) are hidden.",
    ],
  };
}
