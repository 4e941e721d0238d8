import { UserDOError } from "@userdo/core";
import type { ProviderName } from "../credential/user-id.js";
import { githubProvider } from "../github/github-oauth.js";
import type { LoginProvider, OAuthApp } from "../providers/provider.js";
import { xProvider } from "../x/x-oauth.js";
import { type AuthConfig, type AuthEnv, readAuthConfig } from "./auth-env.js";
import type { AuthRequest } from "./auth-options.js";

/** Every provider auth can log in with, by the name `?provider=` uses. */
export const LOGIN_PROVIDERS: Readonly<Record<ProviderName, LoginProvider>> = Object.freeze({
  github: githubProvider,
  x: xProvider,
});

/**
 * A provider's name for people, for a login button.
 *
 * @example
 * ```ts
 * providerLabel("x"); // "X"
 * ```
 */
export function providerLabel(name: ProviderName): string {
  return LOGIN_PROVIDERS[name].label;
}

/** Each provider's callback path; the app registers `<origin><path>` with the provider unless its `*_REDIRECT_URI` says otherwise. */
export const CALLBACK_PATHS: Readonly<Record<ProviderName, string>> = Object.freeze({
  github: "/oauth/callback",
  x: "/oauth/x/callback",
});

interface Registration {
  readonly clientId: string | null;
  readonly clientSecret: string | null;
  readonly redirectUri: string | null;
  readonly env: string;
}

function registration(config: AuthConfig, name: ProviderName): Registration {
  return name === "x"
    ? { clientId: config.xClientId, clientSecret: config.xClientSecret, redirectUri: config.xRedirectUri, env: "X" }
    : {
        clientId: config.githubClientId,
        clientSecret: config.githubClientSecret,
        redirectUri: config.githubRedirectUri,
        env: "GITHUB",
      };
}

/** True when the env holds this provider's client id and secret. */
export function isConfigured(config: AuthConfig, name: ProviderName): boolean {
  const app = registration(config, name);
  return app.clientId !== null && app.clientSecret !== null;
}

/** True when the env names this provider at all (a half-set app is a misconfiguration, not an absence). */
function isMentioned(config: AuthConfig, name: ProviderName): boolean {
  const app = registration(config, name);
  return app.clientId !== null || app.clientSecret !== null;
}

function notConfigured(message: string): UserDOError {
  return new UserDOError(404, "provider_not_configured", message);
}

/** What is missing for a provider's login, for people: null when nothing is. */
function missingFor(req: AuthRequest, provider: LoginProvider): string | null {
  const app = registration(req.config, provider.name);
  const unset = [
    app.clientId === null ? `${app.env}_CLIENT_ID` : null,
    app.clientSecret === null ? `${app.env}_CLIENT_SECRET` : null,
  ].filter((name) => name !== null);
  if (unset.length === 2)
    return `${provider.label} login is not configured on this app: set ${app.env}_CLIENT_ID and ${app.env}_CLIENT_SECRET`;
  if (unset.length === 1)
    return `${provider.label} login is not configured on this app: ${unset[0]} is not set (it needs ${app.env}_CLIENT_ID and ${app.env}_CLIENT_SECRET)`;
  // A kept provider token is sealed with AUTH_SECRET: without it a login would fail half-way.
  if (req.options.keepProviderToken && req.config.authSecret === null)
    return `${provider.label} login is not configured on this app: keepProviderToken needs AUTH_SECRET (at least 32 characters)`;
  return null;
}

/**
 * The provider a login asks for: `?provider=` when given (LoginQuery checked
 * the name), else GitHub, or X when the env names no GitHub app. A provider
 * this deploy has not (fully) configured is a 404 naming what to set.
 */
export function requestedProvider(req: AuthRequest, asked: ProviderName | undefined): LoginProvider {
  if (asked === undefined) {
    if (!isMentioned(req.config, "github") && !isMentioned(req.config, "x"))
      throw notConfigured(
        "no login provider is configured on this app: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (GitHub), or X_CLIENT_ID and X_CLIENT_SECRET (X)",
      );
    // Not a silent switch to X: a half-set GitHub app is named as such.
    return isMentioned(req.config, "github") ? githubProvider : xProvider;
  }
  return LOGIN_PROVIDERS[asked];
}

/**
 * The OAuth app for a provider, from the env. A provider this deploy has not
 * configured (no app, half an app, or `keepProviderToken` without
 * `AUTH_SECRET`) is a 404 `provider_not_configured` naming what to set:
 * anyone can call a login, callback or token route, so missing configuration
 * must never look like a crash.
 */
export function providerApp(req: AuthRequest, provider: LoginProvider): OAuthApp {
  const missing = missingFor(req, provider);
  if (missing !== null) throw notConfigured(missing);
  const app = registration(req.config, provider.name);
  return {
    clientId: app.clientId!,
    clientSecret: app.clientSecret!,
    redirectUri: app.redirectUri ?? `${req.url.origin}${CALLBACK_PATHS[provider.name]}`,
  };
}

/**
 * The providers this deploy can log in with (client id and secret set), in
 * the order a page would offer them: for login buttons.
 *
 * @example
 * ```ts
 * loginProviders(env); // ["github", "x"]
 * // <a href="/oauth/login?provider=x">Log in with X</a> when it includes "x"
 * ```
 */
export function loginProviders(env: AuthEnv): ProviderName[] {
  const config = readAuthConfig(env);
  return (Object.keys(LOGIN_PROVIDERS) as ProviderName[]).filter((name) => isConfigured(config, name));
}
