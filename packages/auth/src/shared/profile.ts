import type { ProviderName } from "../credential/user-id.js";

/**
 * The user's profile as stored in their object at login, from GitHub or X.
 * Times are milliseconds since the epoch.
 *
 * @example
 * ```ts
 * const profile = readProfile(this); // { id: "583231", login: "octocat", email: "octocat@github.com", ... }
 * ```
 */
export interface Profile {
  /** The object's name: the GitHub numeric id (`583231`), or `x-` and the X id (`x-1849265`). */
  readonly id: string;
  /** Who vouched for this profile; follows from `id`. */
  readonly provider: ProviderName;
  /** The GitHub login or the X username. */
  readonly login: string;
  readonly name: string | null;
  readonly avatarUrl: string | null;
  /** GitHub's primary verified email, or X's confirmed email (with `users.email`); null when none. */
  readonly email: string | null;
  readonly bio: string | null;
  readonly blog: string | null;
  /** The X username: GitHub's linked one, or the account's own for X. */
  readonly twitterUsername: string | null;
  /** When the provider account was created. */
  readonly createdAt: number | null;
  /** When the provider last confirmed this profile (the last login or token exchange). */
  readonly lastVerifiedAt: number;
  /** The full domain the user logged in from (`app.example.com`). */
  readonly sourceDomain: string | null;
}

/** A profile as fetched from the provider, before it is stored. */
export type ProfileInput = Omit<Profile, "lastVerifiedAt" | "provider">;
