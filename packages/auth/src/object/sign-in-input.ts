import { UserDOError } from "@userdo/core";
import { SECRET_PATTERN } from "../credential/credential.js";
import type { NewSession } from "./sessions.js";
import type { NewToken } from "../shared/token-info.js";

// The RPC methods are reachable by any code that holds the binding, so what
// they store is checked here too, not only in the Worker routes.

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_input", message);
}

function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isOptionalText(value: unknown, max: number): boolean {
  return value === null || (typeof value === "string" && value.length <= max);
}

/** Throws 400 unless `session` can be stored. */
export function assertNewSession(session: NewSession): void {
  if (typeof session?.id !== "string" || !/^ses_[0-9a-f]{24}$/.test(session.id))
    throw bad("session id must be ses_ and 24 hex digits");
  if (typeof session.secretHash !== "string" || !SECRET_PATTERN.test(session.secretHash))
    throw bad("secretHash must be SHA-256 hex");
  if (!isTime(session.expiresAt)) throw bad("expiresAt must be a time in milliseconds");
  if (!isOptionalText(session.userAgent, 256) || !isOptionalText(session.sourceDomain, 253))
    throw bad("userAgent and sourceDomain must be short strings or null");
}

/** Throws 400 unless `token` can be stored. */
export function assertNewToken(token: NewToken): void {
  if (typeof token?.id !== "string" || !/^tok_[0-9a-f]{24}$/.test(token.id))
    throw bad("token id must be tok_ and 24 hex digits");
  if (typeof token.secretHash !== "string" || !SECRET_PATTERN.test(token.secretHash))
    throw bad("secretHash must be SHA-256 hex");
  if (typeof token.name !== "string" || token.name.length === 0 || token.name.length > 100)
    throw bad("name must be 1 to 100 characters");
  if (
    !Array.isArray(token.scopes) ||
    token.scopes.length === 0 ||
    token.scopes.length > 32 ||
    !token.scopes.every((s) => typeof s === "string" && s.length <= 64)
  ) {
    throw bad("scopes must be 1 to 32 strings");
  }
  if (token.budget !== null && (!Number.isSafeInteger(token.budget) || token.budget < 0))
    throw bad("budget must be a whole number or null");
  if (!isTime(token.expiresAt)) throw bad("expiresAt must be a time in milliseconds");
}
