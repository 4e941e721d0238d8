import { UserDOError } from "@userdo/core";
import { ALL_SCOPES } from "../credential/identity.js";

/** Token lifetime when none is asked for, and the longest allowed. */
export const DEFAULT_TOKEN_TTL_SECONDS = 90 * 24 * 60 * 60;
export const MAX_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;
const MIN_TOKEN_TTL_SECONDS = 60;
const MAX_SCOPES = 32;

/** A scope: `*`, or lowercase words joined by `:`, `.`, `_` or `-` (`todo:write`). */
export const SCOPE_PATTERN = /^(\*|[a-z][a-z0-9._:-]{0,63})$/;

/**
 * The body of `POST /oauth/token`, checked. `scopes` defaults to `["*"]` for a
 * logged-in session and is required with `githubToken` (least privilege).
 *
 * @example
 * ```json
 * { "name": "ci", "scopes": ["todo:read"], "expiresIn": 86400, "budget": 500 }
 * ```
 */
export interface TokenRequest {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresIn: number;
  readonly budget: number | null;
  /** A GitHub access token to exchange (programmatic login); null to use the session. */
  readonly githubToken: string | null;
}

const FIELDS = new Set(["name", "scopes", "expiresIn", "budget", "githubToken"]);

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_input", message);
}

/** Checks a token request body; unknown fields are refused so a typo is not silently ignored. */
export function parseTokenRequest(body: Record<string, unknown>): TokenRequest {
  for (const key of Object.keys(body)) if (!FIELDS.has(key)) throw bad(`unknown field "${key}"`);
  const name = body.name ?? "api token";
  if (typeof name !== "string" || name.trim() === "" || name.length > 100)
    throw bad("name must be a string of 1 to 100 characters");
  // Least privilege for a token made from a GitHub token: it names what it needs. A logged-in
  // session (the user at their own dashboard) may still leave scopes out and get "*".
  if (body.scopes === undefined && body.githubToken !== undefined && body.githubToken !== null) {
    throw new UserDOError(
      400,
      "scopes_required",
      'name the scopes this token needs, e.g. "scopes": ["todo:read"]; a token exchanged for a GitHub token gets none by default',
    );
  }
  const scopes = body.scopes ?? [ALL_SCOPES];
  if (!Array.isArray(scopes) || scopes.length === 0 || scopes.length > MAX_SCOPES)
    throw bad(`scopes must be a list of 1 to ${MAX_SCOPES} scopes`);
  for (const scope of scopes) {
    if (typeof scope !== "string" || !SCOPE_PATTERN.test(scope))
      throw bad(`scope ${JSON.stringify(scope)} must match ${SCOPE_PATTERN.source}`);
  }
  const expiresIn = body.expiresIn ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (
    !Number.isInteger(expiresIn) ||
    (expiresIn as number) < MIN_TOKEN_TTL_SECONDS ||
    (expiresIn as number) > MAX_TOKEN_TTL_SECONDS
  ) {
    throw bad(`expiresIn must be whole seconds from ${MIN_TOKEN_TTL_SECONDS} to ${MAX_TOKEN_TTL_SECONDS}`);
  }
  const budget = body.budget ?? null;
  if (budget !== null && (!Number.isSafeInteger(budget) || (budget as number) < 0))
    throw bad("budget must be a whole number of billing units, or null");
  const githubToken = body.githubToken ?? null;
  if (githubToken !== null && (typeof githubToken !== "string" || githubToken === "" || githubToken.length > 255)) {
    throw bad("githubToken must be a GitHub access token");
  }
  return {
    name: name.trim(),
    scopes: [...new Set(scopes as string[])],
    expiresIn: expiresIn as number,
    budget: budget as number | null,
    githubToken: githubToken as string | null,
  };
}
