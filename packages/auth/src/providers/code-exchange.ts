import { UserDOError } from "@userdo/core";
import {
  ArcticFetchError,
  OAuth2RequestError,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
} from "arctic";

/**
 * Runs arctic's code exchange and turns its errors into answers: a code the
 * provider refuses is a 400 (the user can start again), a provider that is
 * unreachable or answers oddly is a 502. Answers the token response's body.
 */
export async function exchangeWith(
  label: string,
  exchange: () => Promise<{ data: object }>,
): Promise<Record<string, unknown>> {
  try {
    return (await exchange()).data as Record<string, unknown>;
  } catch (error) {
    if (error instanceof OAuth2RequestError)
      throw new UserDOError(400, "oauth_failed", `${label} refused the login (${error.code.slice(0, 64)})`);
    if (error instanceof ArcticFetchError)
      throw new UserDOError(502, "provider_unavailable", `${label} could not be reached`);
    if (
      (error instanceof UnexpectedResponseError || error instanceof UnexpectedErrorResponseBodyError) &&
      error.status < 500
    ) {
      throw new UserDOError(400, "oauth_failed", `${label} refused the login (status ${error.status})`);
    }
    throw new UserDOError(502, "provider_unavailable", `${label} answered unexpectedly`);
  }
}

/** The access token in a token response, or a 502. */
export function accessTokenIn(label: string, body: Record<string, unknown>): string {
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw new UserDOError(502, "provider_unavailable", `${label} answered without an access token`);
  }
  return body.access_token;
}

/** The granted scopes of a token response (`scope`, space or comma separated), or null when absent. */
export function grantedScopes(body: Record<string, unknown>): readonly string[] | null {
  return typeof body.scope === "string" ? body.scope.split(/[\s,]+/).filter((s) => s !== "") : null;
}
