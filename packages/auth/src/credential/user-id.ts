import { UserDOError } from "@userdo/core";
/** The identity providers a user can log in with. */
export type ProviderName = "github" | "x";

/**
 * A user's object name: the provider's numeric id in decimal, without leading
 * zeros; bare for GitHub (`583231`, sponsorflare's names), `x-` before an X id
 * (`x-1849265`). Both providers number their users independently, so the
 * prefix keeps an X account from ever naming a GitHub user's object. Strict on
 * purpose: a credential can only ever name a user's object, never an
 * arbitrary one.
 */
export const USER_ID_PATTERN = /^(?:x-)?[1-9][0-9]{0,19}$/;

/**
 * True when `user` can name a user's object.
 *
 * @example
 * ```ts
 * isUserId("583231"); // true (GitHub)
 * isUserId("x-1849265"); // true (X)
 * isUserId("octocat"); // false: a login is never an object name
 * ```
 */
export function isUserId(user: unknown): user is string {
  return typeof user === "string" && USER_ID_PATTERN.test(user);
}

/**
 * The provider a user's object name belongs to.
 *
 * @example
 * ```ts
 * providerOfUser("x-1849265"); // "x"
 * providerOfUser("583231"); // "github"
 * ```
 */
export function providerOfUser(user: string): ProviderName {
  return user.startsWith("x-") ? "x" : "github";
}

/**
 * The object name for a provider's numeric account id; throws when the id is
 * not a positive decimal number (a provider answering oddly must not name an
 * object).
 *
 * @example
 * ```ts
 * userIdFor("x", "1849265"); // "x-1849265"
 * ```
 */
export function userIdFor(provider: ProviderName, accountId: string): string {
  const user = provider === "x" ? `x-${accountId}` : accountId;
  if (!isUserId(user)) {
    // Only a provider that changed its ids gets here: an upstream fault, not the caller's.
    throw new UserDOError(
      502,
      "provider_unavailable",
      `${provider} answered an account id ${JSON.stringify(accountId.slice(0, 32))} that is not a positive decimal number`,
    );
  }
  return user;
}
