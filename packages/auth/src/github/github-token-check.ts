import { UserDOError } from "@userdo/core";
import type { OAuthApp } from "../providers/provider.js";
import { githubApi } from "./github-api.js";

/**
 * Which GitHub tokens `POST /oauth/token` exchanges for an API token:
 * - `"app-or-pat"` (default): this OAuth app's own tokens (GitHub's
 *   applications API confirms it) and personal access tokens, the user's own.
 *   Another OAuth app's token is refused: that app holds it by design, and
 *   must not be able to act here as the user (a confused deputy).
 * - `"any"`: any token GitHub accepts, e.g. `gh auth token` (GitHub CLI's app).
 * - `"off"`: no exchange; tokens come from a logged-in session only.
 */
export type GitHubTokenExchange = "app-or-pat" | "any" | "off";

/** Personal access tokens, classic and fine-grained, by GitHub's documented prefixes. */
const PERSONAL_ACCESS_TOKEN = /^(?:ghp_|github_pat_)/;

/**
 * True when GitHub confirms `accessToken` was issued to this OAuth app
 * (`POST /applications/{client_id}/token`, authenticated as the app). A
 * token of another app, or none at all, is false; the app's own credentials
 * refused is a 500, since no exchange can work until they are fixed.
 */
export async function isThisAppsToken(app: OAuthApp, accessToken: string): Promise<boolean> {
  const basic = `Basic ${btoa(`${app.clientId}:${app.clientSecret}`)}`;
  const { status } = await githubApi(`/applications/${encodeURIComponent(app.clientId)}/token`, basic, {
    access_token: accessToken,
  });
  if (status === 200) return true;
  if (status === 404 || status === 422) return false;
  if (status === 401 || status === 403) {
    throw new UserDOError(
      500,
      "auth_misconfigured",
      "GitHub refused GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET for the token check",
    );
  }
  throw new UserDOError(502, "provider_unavailable", `GitHub answered ${status} to the token check`);
}

/**
 * Throws unless `accessToken` may be exchanged under `policy`: 403 when the
 * exchange is off, 404 when the deploy has no GitHub app (`app` throws), 401 for a token that is neither a personal access token
 * nor this app's (with `"app-or-pat"`).
 */
export async function assertExchangeable(
  policy: GitHubTokenExchange,
  app: () => OAuthApp,
  accessToken: string,
): Promise<void> {
  if (policy === "off")
    throw new UserDOError(403, "token_exchange_disabled", "this app creates tokens from a logged-in session only");
  // The exchange is GitHub login without a browser: a deploy without a GitHub app has none (404).
  const configured = app();
  if (policy === "any" || PERSONAL_ACCESS_TOKEN.test(accessToken)) return;
  if (!(await isThisAppsToken(configured, accessToken))) {
    throw new UserDOError(
      401,
      "provider_token_rejected",
      "send a personal access token or a token of this app; GitHub does not know this one as either",
    );
  }
}
