import {
  type Operation,
  basicScheme,
  bearerScheme,
  cookieScheme,
  errorAnswers,
  jsonAnswer,
  openApiPart,
  redirectAnswer,
} from "@userdo/core";
import * as v from "valibot";
import { TokenRequestBody } from "../shared/token-request-body.js";
import { IssuedToken, Me, Profile, Revoked, Session, SessionList, Token, TokenList } from "./auth-answers.js";
import { CallbackQuery, LoginQuery, LogoutQuery } from "../shared/auth-queries.js";

/** Who may call a route of the signed-in user: a session, or an API token as Bearer or as the basic auth password. */
export const AUTH_SECURITY = ["session", "bearer", "basic"] as const;

const tags = ["auth"];
const IdParam = v.object({ id: v.pipe(v.string(), v.maxLength(64)) });

const login = (path: string, summary: string): Operation => ({
  method: "get",
  path,
  tags,
  summary,
  description:
    "Sends the browser to the provider with a fresh state and PKCE (S256) challenge, bound to this browser by a short-lived cookie. " +
    "GitHub users are named by their numeric id, X users by x-<id>. " +
    "With SKIP_LOGIN=true on localhost, signs in the dev profile instead (403 elsewhere).",
  query: LoginQuery,
  responses: { 302: redirectAnswer(), ...errorAnswers("400", "403", "404", "421") },
});

const callback = (path: string, summary: string): Operation => ({
  method: "get",
  path,
  tags,
  summary,
  description:
    "Checks the state against the browser's cookie (single use) and that the login went to this provider, trades the code, " +
    "stores the profile and opens a session. 404 when this app has not configured the provider.",
  query: CallbackQuery,
  responses: {
    302: redirectAnswer("Signed in; sets the session cookie."),
    ...errorAnswers("400", "404", "421", "502"),
  },
});

const logout = (path: string, summary: string): Operation => ({
  method: "post",
  path,
  tags,
  summary,
  description:
    "Deletes the session server-side, clears the cookie and redirects. From this site only (403 cross_origin otherwise). " +
    "A GET logs no one out: a browser gets a page whose button posts here, any other client a 405.",
  query: LogoutQuery,
  responses: { 302: redirectAnswer(), ...errorAnswers("400", "403") },
});

const revoke = (path: string, summary: string): Operation => ({
  method: "delete",
  path,
  tags,
  summary,
  security: AUTH_SECURITY,
  pathParams: IdParam,
  responses: { 200: jsonAnswer("Whether something was revoked.", Revoked), ...errorAnswers("400", "401", "403") },
});

const list = (path: string, summary: string, answer: Operation["responses"][number]): Operation => ({
  method: "get",
  path,
  tags,
  summary,
  security: AUTH_SECURITY,
  responses: { 200: answer, ...errorAnswers("401", "403") },
});

/**
 * The OpenAPI 3.1 part of auth's Worker endpoints (login, callbacks, logout,
 * tokens, `/me`, sessions), for core's `openApiDocument`: the token request's
 * body is {@link TokenRequestBody}, the schema the route checks; the answers
 * are `Token`, `Session`, `Profile` and `Me`. It defines the security schemes
 * `session`, `bearer` and `basic` that billing's part uses too.
 *
 * @example
 * ```ts
 * const doc = openApiDocument({ info: { title: "my-app", version: "1.0.0" }, auth: authOpenApi });
 * ```
 */
export const authOpenApi = {
  openapi: "3.1.0",
  info: { title: "userdo auth", version: "0.1.0" },
  ...openApiPart({
    tags: [{ name: "auth", description: "Login, sessions, API tokens (@userdo/auth)." }],
    securitySchemes: {
      session: cookieScheme("__Host-udo_session", "`udo_session` when COOKIE_DOMAIN is set."),
      bearer: bearerScheme("An API token, udo_<user>_<secret>."),
      basic: basicScheme("Any user name; the API token as password."),
    },
    schemas: { TokenRequest: TokenRequestBody, Token, IssuedToken, Session, Profile, Me },
    operations: [
      login("/oauth/login", "Start login with GitHub or X"),
      login("/login", "Start GitHub login (sponsorflare alias)"),
      callback("/oauth/callback", "GitHub OAuth callback"),
      callback("/callback", "GitHub OAuth callback (sponsorflare alias)"),
      callback("/oauth/x/callback", "X OAuth callback"),
      logout("/oauth/logout", "Log out"),
      logout("/logout", "Log out (sponsorflare alias)"),
      {
        method: "post",
        path: "/oauth/token",
        tags,
        summary: "Create an API token",
        description:
          "For the logged-in user (session cookie), or in exchange for a GitHub access token (githubToken). " +
          "The token is shown once; only its hash is stored. Tokens cannot create tokens.",
        security: ["session", {}],
        body: TokenRequestBody,
        responses: {
          201: jsonAnswer("The new token.", IssuedToken),
          ...errorAnswers("400", "401", "403", "404", "409", "413", "415"),
        },
      },
      {
        method: "get",
        path: "/me",
        tags,
        summary: "The caller",
        security: AUTH_SECURITY,
        responses: { 200: jsonAnswer("Identity and profile.", Me), ...errorAnswers("401") },
      },
      list("/oauth/sessions", "List the caller's sessions", jsonAnswer("Live sessions, newest first.", SessionList)),
      revoke("/oauth/sessions/{id}", "End a session"),
      list(
        "/oauth/tokens",
        "List the caller's API tokens",
        jsonAnswer("Tokens, newest first, revoked and expired included; never secrets.", TokenList),
      ),
      revoke("/oauth/tokens/{id}", "Revoke an API token"),
    ],
  }),
} as const;
