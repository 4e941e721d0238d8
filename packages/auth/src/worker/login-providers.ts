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

/**
 * The provider a login asks for: `?provider=` when given (404 when the env
 * names no such app), else GitHub, or X when the env names no GitHub app.
 */
export function requestedProvider(req: AuthRequest): LoginProvider {
  const asked = req.url.searchParams.get("provider");
  if (asked === null)
    return !isMentioned(req.config, "github") && isConfigured(req.config, "x") ? xProvider : githubProvider;
  const provider = Object.hasOwn(LOGIN_PROVIDERS, asked) ? LOGIN_PROVIDERS[asked as ProviderName] : null;
  if (provider === null)
    throw new UserDOError(
      400,
      "unknown_provider",
      `provider must be one of ${Object.keys(LOGIN_PROVIDERS).join(", ")}`,
    );
  // Half-set (an id without a secret) is left to providerApp's 500: a misconfiguration, not an absence.
  if (!isMentioned(req.config, provider.name)) {
    throw new UserDOError(404, "provider_not_configured", `${provider.label} login is not enabled on this app`);
  }
  return provider;
}

/** The OAuth app for a provider, from the env, or a 500 naming what is missing. */
export function providerApp(req: AuthRequest, provider: LoginProvider): OAuthApp {
  const app = registration(req.config, provider.name);
  if (app.clientId === null || app.clientSecret === null) {
    throw new UserDOError(
      500,
      "auth_misconfigured",
      `${app.env}_CLIENT_ID and ${app.env}_CLIENT_SECRET are required for ${provider.label} login`,
    );
  }
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
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
