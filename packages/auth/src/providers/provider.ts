import type { ProviderName } from "../credential/user-id.js";
import type { ProfileInput } from "../shared/profile.js";

/** An OAuth app as registered with a provider. */
export interface OAuthApp {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The callback URL registered with the app. */
  readonly redirectUri: string;
}

/** What a provider answers for an authorization code. */
export interface ProviderGrant {
  /** Returned to the caller and never logged. */
  readonly accessToken: string;
  /** The scopes the user granted; null when the provider does not say. */
  readonly scopes: readonly string[] | null;
}

/**
 * One identity provider, as the login routes use it: where to send the
 * browser, how to trade the code (PKCE S256), and how to read the profile.
 * The profile's `id` is already the user's object name.
 */
export interface LoginProvider {
  readonly name: ProviderName;
  /** For people: "GitHub", "X". */
  readonly label: string;
  /** What one scope asked for in `?scope=` must look like. */
  readonly scopePattern: RegExp;
  authorizationUrl(app: OAuthApp, state: string, codeVerifier: string, scopes: readonly string[]): URL;
  exchangeCode(app: OAuthApp, code: string, codeVerifier: string): Promise<ProviderGrant>;
  fetchProfile(grant: ProviderGrant, sourceDomain: string | null): Promise<ProfileInput>;
}
