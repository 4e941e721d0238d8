import { UserDOError } from "@userdo/core";
import { userIdFor } from "../credential/user-id.js";
import type { ProfileInput } from "../shared/profile.js";
import { type ProviderAnswer, fetchProviderJson, optionalText, optionalTime } from "../providers/provider-fetch.js";

/** GitHub's REST API. */
export const GITHUB_API_URL = "https://api.github.com";

const HEADERS = { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };

/** Calls GitHub's REST API: a GET, or a POST with `json`. See {@link fetchProviderJson} for the errors. */
export function githubApi(path: string, authorization: string | null, json?: unknown): Promise<ProviderAnswer> {
  return fetchProviderJson("GitHub", `${GITHUB_API_URL}${path}`, { headers: HEADERS, authorization, json });
}

function getJson(path: string, accessToken: string | null): Promise<ProviderAnswer> {
  return githubApi(path, accessToken === null ? null : `Bearer ${accessToken}`);
}

function primaryVerifiedEmail(body: unknown): string | null {
  if (!Array.isArray(body)) return null;
  const entry = body.find(
    (e: { primary?: unknown; verified?: unknown }) => e?.primary === true && e?.verified === true,
  );
  return optionalText((entry as { email?: unknown } | undefined)?.email);
}

/**
 * The GitHub user behind an access token, shaped as a stored profile: the
 * primary verified email comes from the emails API (null without the
 * `user:email` scope or without a verified primary). A token GitHub refuses
 * is a 401.
 *
 * @example
 * ```ts
 * declare const accessToken: string; // from exchangeGitHubCode
 * const profile = await fetchGitHubProfile(accessToken, "app.example.com");
 * ```
 */
export async function fetchGitHubProfile(accessToken: string, sourceDomain: string | null): Promise<ProfileInput> {
  const user = await getJson("/user", accessToken);
  if (user.status === 401 || user.status === 403)
    throw new UserDOError(401, "provider_token_rejected", "GitHub refused the access token");
  const u = (user.body ?? {}) as Record<string, unknown>;
  if (user.status !== 200 || !Number.isSafeInteger(u.id) || (u.id as number) <= 0 || typeof u.login !== "string") {
    throw new UserDOError(502, "provider_unavailable", "GitHub answered without a user");
  }
  const emails = await getJson("/user/emails", accessToken);
  return {
    id: userIdFor("github", String(u.id)),
    login: u.login.slice(0, 1000),
    name: optionalText(u.name),
    avatarUrl: optionalText(u.avatar_url),
    email: emails.status === 200 ? primaryVerifiedEmail(emails.body) : null,
    bio: optionalText(u.bio),
    blog: optionalText(u.blog),
    twitterUsername: optionalText(u.twitter_username),
    createdAt: optionalTime(u.created_at),
    sourceDomain,
  };
}
