import { UserDOError } from "@userdo/core";

/** A provider API's answer: its status and parsed JSON body (null when none). */
export interface ProviderAnswer {
  readonly status: number;
  readonly body: unknown;
}

const MAX_FIELD = 1000;

/** What a provider request sends besides its URL. */
export interface ProviderRequest {
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole Authorization header (`Bearer …`, `Basic …`), or none. */
  readonly authorization?: string | null;
  /** A JSON body: the request is a POST. Without it, a GET. */
  readonly json?: unknown;
}

/**
 * Calls a provider API for JSON. Unreachable, a 5xx, or a 2xx that is not
 * JSON is a 502 naming the provider; anything else is answered for the caller
 * to judge (401 for a refused token, 404, a rate limit).
 */
export async function fetchProviderJson(
  label: string,
  url: string,
  request: ProviderRequest = {},
): Promise<ProviderAnswer> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "userdo-auth",
    ...request.headers,
  };
  if (request.authorization) headers.authorization = request.authorization;
  const post = request.json !== undefined;
  if (post) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, post ? { method: "POST", headers, body: JSON.stringify(request.json) } : { headers });
  } catch {
    throw new UserDOError(502, "provider_unavailable", `${label} could not be reached`);
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new UserDOError(502, "provider_unavailable", `${label} answered ${response.status}`);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    if (response.ok)
      throw new UserDOError(502, "provider_unavailable", `${label} answered with something that is not JSON`);
  }
  return { status: response.status, body };
}

/** A profile text field as stored: a non-empty string cut to 1,000 characters, else null. */
export function optionalText(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value.slice(0, MAX_FIELD) : null;
}

/** A provider's ISO time as milliseconds, or null. */
export function optionalTime(value: unknown): number | null {
  const time = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isFinite(time) ? time : null;
}
