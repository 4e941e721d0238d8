import { UserDOError, parseInput } from "@userdo/core";
import { ALL_SCOPES } from "../credential/identity.js";
import { TokenRequestBody } from "../shared/token-request-body.js";

/**
 * The body of `POST /oauth/token`, checked. `scopes` defaults to `["*"]` for a
 * logged-in session and is required with `githubToken` (least privilege).
 */
export interface TokenRequest {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresIn: number;
  readonly budget: number | null;
  /** A GitHub access token to exchange (programmatic login); null to use the session. */
  readonly githubToken: string | null;
}

/** Checks a token request body against {@link TokenRequestBody}, or throws a 400 naming the field. */
export function parseTokenRequest(body: unknown): TokenRequest {
  const { name, scopes, expiresIn, budget, githubToken } = parseInput(TokenRequestBody, body);
  // Least privilege for a token made from a GitHub token: it names what it needs. A logged-in
  // session (the user at their own dashboard) may still leave scopes out and get "*".
  if (scopes === undefined && githubToken !== null) {
    throw new UserDOError(
      400,
      "scopes_required",
      'name the scopes this token needs, e.g. "scopes": ["todo:read"]; a token exchanged for a GitHub token gets none by default',
    );
  }
  return { name: name.trim(), scopes: [...new Set(scopes ?? [ALL_SCOPES])], expiresIn, budget, githubToken };
}
