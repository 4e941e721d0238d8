import { UserDOError } from "@userdo/core";
import { userIdFor } from "../credential/user-id.js";
import type { ProfileInput } from "../shared/profile.js";
import type { ProviderGrant } from "../providers/provider.js";
import { fetchProviderJson, optionalText, optionalTime } from "../providers/provider-fetch.js";

/** X's API (v2). */
export const X_API_URL = "https://api.x.com";

/** The scope that lets the app read the account's confirmed email. */
export const X_EMAIL_SCOPE = "users.email";

const FIELDS = ["created_at", "description", "entities", "profile_image_url", "url"];

/** The profile link as the user typed it: X shortens `url` to t.co and keeps the original in entities. */
function profileLink(user: Record<string, unknown>): string | null {
  const urls = (user.entities as { url?: { urls?: { expanded_url?: unknown }[] } } | undefined)?.url?.urls;
  return optionalText(urls?.[0]?.expanded_url) ?? optionalText(user.url);
}

/**
 * The X account behind an access token, shaped as a stored profile. The email
 * is X's `confirmed_email`, asked for only when the user granted
 * `users.email` (asking without it is an error at X); X has no bio-blog
 * split, so `bio` is the description and `blog` the profile link. A token X
 * refuses is a 401.
 *
 * @example
 * ```ts
 * declare const accessToken: string; // from exchangeXCode
 * const profile = await fetchXProfile({ accessToken, scopes: ["users.read", "tweet.read"] }, "app.example.com");
 * profile.id; // "x-1849265"
 * ```
 */
export async function fetchXProfile(grant: ProviderGrant, sourceDomain: string | null): Promise<ProfileInput> {
  const fields = grant.scopes?.includes(X_EMAIL_SCOPE) ? [...FIELDS, "confirmed_email"] : FIELDS;
  const url = `${X_API_URL}/2/users/me?user.fields=${fields.join(",")}`;
  const answer = await fetchProviderJson("X", url, { authorization: `Bearer ${grant.accessToken}` });
  if (answer.status === 401 || answer.status === 403)
    throw new UserDOError(401, "provider_token_rejected", "X refused the access token");
  if (answer.status === 429)
    throw new UserDOError(502, "provider_unavailable", "X rate-limited the profile lookup; try again in a few minutes");
  const user = ((answer.body as { data?: unknown } | null)?.data ?? {}) as Record<string, unknown>;
  if (
    answer.status !== 200 ||
    typeof user.id !== "string" ||
    !/^[1-9][0-9]{0,19}$/.test(user.id) ||
    typeof user.username !== "string"
  ) {
    throw new UserDOError(502, "provider_unavailable", "X answered without a user");
  }
  const username = user.username.slice(0, 1000);
  return {
    id: userIdFor("x", user.id),
    login: username,
    name: optionalText(user.name),
    avatarUrl: optionalText(user.profile_image_url),
    email: optionalText(user.confirmed_email),
    bio: optionalText(user.description),
    blog: profileLink(user),
    twitterUsername: username,
    createdAt: optionalTime(user.created_at),
    sourceDomain,
  };
}
