import type { PluginContext } from "@userdo/core";
import { type Credential, isCredential } from "../credential/credential.js";
import { ALL_SCOPES, type Identity } from "../credential/identity.js";
import { sessionByHash, tokenByHash, touchSession, touchToken, withAuthTables } from "./queries.js";

/**
 * Last use is recorded to this resolution: a burst of requests on one
 * credential costs one write, not one per request.
 */
export const LAST_USE_RESOLUTION_MS = 60_000;

const SESSION_SCOPES: readonly string[] = Object.freeze([ALL_SCOPES]);

function isStale(lastUsedAt: number | null, now: number): boolean {
  return lastUsedAt === null || now - lastUsedAt >= LAST_USE_RESOLUTION_MS;
}

function parseScopes(json: string): readonly string[] {
  const scopes: unknown = JSON.parse(json);
  return Array.isArray(scopes) ? Object.freeze(scopes.filter((s): s is string => typeof s === "string")) : [];
}

/**
 * Checks a credential inside the user's object: the secret's hash, expiry and
 * revocation, and that the credential names THIS object. Records last use.
 * Synchronous, so another plugin can call it inside its own
 * `transactionSync` (billing verifies and charges in one transaction).
 * Null when the credential is not valid here, whatever the reason: the caller
 * answers 401 without telling a forger which part was wrong.
 *
 * @example
 * ```ts
 * const charges = definePlugin({
 *   name: "charges",
 *   methods: {
 *     charge(this: PluginContext, credential: Credential, amount: number) {
 *       return this.ctx.storage.transactionSync(() => {
 *         const identity = verifyCredential(this, credential);
 *         if (!identity) throw new UserDOError(401, "unauthenticated", "invalid credential");
 *         return { user: identity.user, amount }; // debit inside the same transaction
 *       });
 *     },
 *   },
 * });
 * ```
 */
export function verifyCredential(
  ctx: PluginContext,
  credential: Credential,
  now: number = Date.now(),
): Identity | null {
  // The object only vouches for its own user: a valid secret of user A
  // presented with user B's name never reaches B's rows.
  if (!isCredential(credential) || credential.user !== ctx.name) return null;
  // Rows are found by the hash of a 256-bit secret; an index lookup on it leaks
  // nothing usable (timing on a hash prefix gives no preimage).
  const hash = credential.secretHash;
  if (credential.kind === "session") {
    const row = withAuthTables(() => ctx.sync.first(sessionByHash, { hash }));
    if (!row || row.expires_at <= now) return null;
    if (isStale(row.last_used_at, now)) ctx.sync.run(touchSession, { id: row.id, now });
    return { user: credential.user, via: "session", tokenId: null, scopes: SESSION_SCOPES, budget: null };
  }
  const row = withAuthTables(() => ctx.sync.first(tokenByHash, { hash }));
  if (!row || row.revoked_at !== null || row.expires_at <= now) return null;
  if (isStale(row.last_used_at, now)) ctx.sync.run(touchToken, { id: row.id, now });
  return { user: credential.user, via: "token", tokenId: row.id, scopes: parseScopes(row.scopes), budget: row.budget };
}
