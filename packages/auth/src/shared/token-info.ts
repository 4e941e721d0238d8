/**
 * An API token as its owner sees it in a list: never its secret or hash.
 *
 * @example
 * ```ts
 * const tokens = await stub.authListTokens(credential); // [{ id: "tok_3a…", name: "ci", scopes: ["todo:read"], ... }]
 * ```
 */
export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  /** Spending limit in billing units; null = none. */
  readonly budget: number | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

/** What the Worker hands the object to create a token (the secret goes to the caller only). */
export interface NewToken {
  readonly id: string;
  readonly secretHash: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly budget: number | null;
  readonly expiresAt: number;
}
