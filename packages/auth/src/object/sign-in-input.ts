import { fieldError, parseInput } from "@userdo/core";
import * as v from "valibot";
import { SECRET_PATTERN } from "../credential/credential.js";
import type { NewSession } from "./sessions.js";
import type { NewToken } from "../shared/token-info.js";

// The RPC methods are reachable by any code that holds the binding, so what
// they store is checked here too, not only in the Worker routes.

const bad = <T>(message: string) => fieldError<T>("bad_input", message);

const SecretHash = v.pipe(v.string(), v.regex(SECRET_PATTERN), bad("must be SHA-256 hex"));

/** A login's state hash (single use), or null for a login without a browser. */
export const StateHash = v.nullable(SecretHash);
const Time = v.pipe(v.number(), v.safeInteger(), v.minValue(1), bad("must be a time in milliseconds"));
const shortText = (max: number) =>
  v.nullable(v.pipe(v.string(), v.maxLength(max), bad(`must be a string of at most ${max} characters, or null`)));

/** A session as an object stores it. */
export const NewSessionSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^ses_[0-9a-f]{24}$/), bad("must be ses_ and 24 hex digits")),
  secretHash: SecretHash,
  expiresAt: Time,
  userAgent: shortText(256),
  sourceDomain: shortText(253),
});

/** An API token as an object stores it (never its secret: its hash). */
export const NewTokenSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^tok_[0-9a-f]{24}$/), bad("must be tok_ and 24 hex digits")),
  secretHash: SecretHash,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100), bad("must be 1 to 100 characters")),
  scopes: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(64))),
    v.minLength(1),
    v.maxLength(32),
    bad("must be 1 to 32 strings"),
  ),
  budget: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(0), bad("must be a whole number or null"))),
  expiresAt: Time,
});

/** Throws 400 unless `session` can be stored. */
export function assertNewSession(session: NewSession): void {
  parseInput(NewSessionSchema, session, { root: "session" });
}

/** Throws 400 unless `token` can be stored. */
export function assertNewToken(token: NewToken): void {
  parseInput(NewTokenSchema, token, { root: "token" });
}
