/**
 * Who a verified credential belongs to, and what it may do. Sessions carry the
 * scope `"*"` (everything) and no budget; tokens carry the scopes and budget
 * they were created with.
 *
 * @example
 * ```ts
 * declare const identity: Identity | null; // verifyCredential(this, credential)
 * const canWrite = identity !== null && hasScope(identity, "todo:write");
 * ```
 */
export interface Identity {
  readonly user: string;
  readonly via: "session" | "token";
  /** The token's public id (for per-token accounting), null for a session. */
  readonly tokenId: string | null;
  readonly scopes: readonly string[];
  /** The token's spending limit in billing units (integer); null = none. Enforced by the billing plugin. */
  readonly budget: number | null;
}

/** The scope that grants everything; what a browser session has. */
export const ALL_SCOPES = "*";

/**
 * True when the identity may act under `scope`: it holds that scope or `"*"`.
 *
 * @example
 * ```ts
 * hasScope({ scopes: ["todo:read"] }, "todo:write"); // false
 * ```
 */
export function hasScope(identity: Pick<Identity, "scopes">, scope: string): boolean {
  return identity.scopes.includes(ALL_SCOPES) || identity.scopes.includes(scope);
}
