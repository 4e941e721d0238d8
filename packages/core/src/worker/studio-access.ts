import { bearerToken } from "../security/bearer-token.js";
import { constantTimeEqual } from "../security/constant-time.js";
import type { StudioAccess } from "../shared/studio-protocol.js";

/**
 * The shortest studio token served (32 characters). A shorter one disables
 * the studio (403 `studio_token_too_short`, and an error in the logs):
 * `openssl rand -hex 32` makes a good one.
 */
export const STUDIO_MIN_TOKEN_LENGTH = 32;

/** The token secrets of a studio route, as its options read them from `env`. */
export interface StudioTokens {
  readonly token: string | undefined;
  readonly readOnlyToken: string | undefined;
}

/**
 * What is wrong with the configured tokens, said for the operator, or null.
 * An unset or empty token is no mistake (it matches nothing); a short one is.
 *
 * @example
 * ```ts
 * weakStudioToken({ token: "secret", readOnlyToken: undefined }); // "the studio is off: its token is 6 characters..."
 * ```
 */
export function weakStudioToken(tokens: StudioTokens): string | null {
  for (const [which, value] of [
    ["token (STUDIO_TOKEN)", tokens.token],
    ["read-only token (STUDIO_READONLY_TOKEN)", tokens.readOnlyToken],
  ] as const) {
    if (value !== undefined && value !== "" && value.length < STUDIO_MIN_TOKEN_LENGTH) {
      return (
        `the studio is off: its ${which} is ${value.length} characters, and it must be at least ` +
        `${STUDIO_MIN_TOKEN_LENGTH}; set a longer random one (openssl rand -hex 32 | npx wrangler secret put STUDIO_TOKEN)`
      );
    }
  }
  return null;
}

/** Whom failed attempts are counted against: the caller's IP as Cloudflare saw it. */
export function callerKey(request: Request): string {
  return request.headers.get("cf-connecting-ip") ?? "no-ip";
}

/** How a request is let in: the two secrets, then the route's own `authorize` hook. */
export interface StudioAuthorization {
  readonly tokens: StudioTokens;
  readonly authorize: () => StudioAccess | null | Promise<StudioAccess | null>;
}

/**
 * The access a request's bearer token grants, or null (a 401). The secrets are
 * compared in constant time; anything `authorize` answers besides the two
 * known accesses grants nothing.
 */
export async function studioAccess(
  request: Request,
  { tokens, authorize }: StudioAuthorization,
): Promise<StudioAccess | null> {
  const token = bearerToken(request);
  if (token !== null) {
    if (await constantTimeEqual(tokens.token, token)) return "read-write";
    if (await constantTimeEqual(tokens.readOnlyToken, token)) return "read-only";
  }
  const granted = await authorize();
  return granted === "read-write" || granted === "read-only" ? granted : null;
}
