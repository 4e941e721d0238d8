export type { Credential, ParsedSecret } from "./credential/credential.js";
export {
  USER_ID_PATTERN,
  SECRET_PATTERN,
  TOKEN_PREFIX,
  isUserId,
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
export type { Profile, ProfileInput } from "./object/profile.js";
export type { SessionInfo, NewSession } from "./object/sessions.js";
export { MAX_SESSIONS } from "./object/sessions.js";
export type { TokenInfo, NewToken } from "./object/tokens.js";
export { MAX_TOKENS } from "./object/tokens.js";
export { authMethods, requireIdentity, MANAGE_SCOPE } from "./object/auth-methods.js";
export type { SignIn, WhoAmI } from "./object/auth-methods.js";
export { auth } from "./object/auth-plugin.js";
export type { AuthPlugin } from "./object/auth-plugin.js";
export { PROFILE_TABLE, SESSIONS_TABLE, TOKENS_TABLE, USED_STATES_TABLE, authMigrations } from "./object/tables.js";
export type { AuthTables } from "./object/tables.js";
