export type { Credential, ParsedSecret, PresentedCredential } from "./credential/credential.js";
export type { ProviderName } from "./credential/user-id.js";
export { USER_ID_PATTERN, isUserId, providerOfUser, userIdFor } from "./credential/user-id.js";
export {
  SECRET_PATTERN,
  TOKEN_PREFIX,
  isCredential,
  parseSessionValue,
  parseToken,
  formatSessionValue,
  formatToken,
} from "./credential/credential.js";
export type { Identity } from "./credential/identity.js";
export { ALL_SCOPES, hasScope } from "./credential/identity.js";
export { verifyCredential, LAST_USE_RESOLUTION_MS } from "./object/verify-credential.js";
export { readProfile, readSealedProviderToken } from "./object/profile.js";
export type { Profile, ProfileInput } from "./shared/profile.js";
export type { SessionInfo, NewSession } from "./object/sessions.js";
export { MAX_SESSIONS } from "./object/sessions.js";
export type { TokenInfo, NewToken } from "./shared/token-info.js";
export { MAX_TOKENS } from "./object/tokens.js";
export { authMethods, requireIdentity, MANAGE_SCOPE } from "./object/auth-methods.js";
export type { SignIn } from "./object/auth-methods.js";
export type { WhoAmI } from "./shared/who-am-i.js";
export { auth } from "./auth-plugin.js";
export type { AuthPlugin } from "./auth-plugin.js";
export { PROFILE_TABLE, SESSIONS_TABLE, TOKENS_TABLE, USED_STATES_TABLE, authMigrations } from "./object/tables.js";
export type { AuthTables } from "./object/tables.js";
export type { AuthEnv, AuthConfig } from "./worker/auth-env.js";
export { readAuthConfig } from "./worker/auth-env.js";
export type { AuthOptions, AuthObject } from "./worker/auth-options.js";
export { DEFAULT_SESSION_TTL_SECONDS, DEV_PROFILE } from "./worker/auth-options.js";
export { authRoutes } from "./worker/auth-routes.js";
export { CALLBACK_PATHS, loginProviders, providerLabel } from "./worker/login-providers.js";
export { getUser, requireUser } from "./worker/get-user.js";
export type { AuthUser, GetUserOptions } from "./worker/get-user.js";
export { hasSignedCredential, readCredential } from "./worker/read-credential.js";
export type { ReadCredentialOptions } from "./worker/read-credential.js";
export { adminId, isAdmin } from "./worker/admin.js";
export { SESSION_COOKIE, STATE_COOKIE, cookiePolicy, cookieName, serializeCookie } from "./worker/cookies.js";
export type { CookiePolicy } from "./worker/cookies.js";
export { safeRedirect } from "./worker/safe-redirect.js";
export { isLocalhost } from "./worker/local.js";
export type { IssuedToken } from "./worker/token-endpoint.js";
export type { TokenRequest } from "./worker/token-request.js";
export type { TokenRequestInput } from "./shared/token-request-body.js";
export {
  DEFAULT_TOKEN_TTL_SECONDS,
  MAX_TOKEN_TTL_SECONDS,
  SCOPE_PATTERN,
  TokenRequestBody,
} from "./shared/token-request-body.js";
export type { MeAnswer } from "./worker/me.js";
export { sealSecret, openSecret } from "./security/seal.js";
export { GITHUB_API_URL } from "./github/github-api.js";
export { GITHUB_AUTHORIZE_URL, GITHUB_TOKEN_URL } from "./github/github-oauth.js";
export type { GitHubTokenExchange } from "./github/github-token-check.js";
export { X_API_URL, X_EMAIL_SCOPE } from "./x/x-api.js";
export { AUTH_SECURITY, authOpenApi } from "./openapi/auth-openapi.js";
